/// Ethernet frames for the network device tests, with an ethertype no real stack sends.
enum TestFrames {
    /// IEEE 802 local experimental ethertype.
    static let etherType: [UInt8] = [0x88, 0xB5]
    static let guestMAC: [UInt8] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]
    static let hostMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01]

    /// A frame from `source` to `destination` whose payload is a counting pattern started at `seed`.
    static func frame(from source: [UInt8], to destination: [UInt8], payloadLength: Int, seed: UInt8) -> [UInt8] {
        destination + source + etherType + (0..<payloadLength).map { UInt8(truncatingIfNeeded: $0) &+ seed }
    }

    static func isTestFrame(_ frame: [UInt8]) -> Bool {
        frame.count >= 14 && Array(frame[12..<14]) == etherType
    }
}
