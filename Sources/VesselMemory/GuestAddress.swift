/// A guest physical address. A distinct type so host and guest addresses never mix.
public struct GuestAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Returns nil instead of wrapping when the sum passes the end of the 64-bit space.
    public func adding(_ offset: UInt64) -> GuestAddress? {
        let (sum, overflow) = rawValue.addingReportingOverflow(offset)
        return overflow ? nil : GuestAddress(sum)
    }

    public static func < (lhs: GuestAddress, rhs: GuestAddress) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String {
        "0x" + String(rawValue, radix: 16)
    }
}
