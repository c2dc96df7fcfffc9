import Logging
import VesselVirtio

/// `--net tap=NAME[,mac=MAC][,mtu=N][,id=ID]`: a virtio-net device on a host tap interface.
public struct NetworkDeviceSpecification: VirtioDeviceSpecification, Equatable {
    public static let mtuRange = 68...65_535

    public let tapName: String
    /// nil: a random locally administered address, chosen when the device is made.
    public let mac: MACAddress?
    /// nil: leave the tap's MTU alone and do not offer VIRTIO_NET_F_MTU.
    public let mtu: Int?
    public let identifier: String

    public init(tapName: String, mac: MACAddress? = nil, mtu: Int? = nil, identifier: String? = nil) {
        self.tapName = tapName
        self.mac = mac
        self.mtu = mtu
        self.identifier = identifier ?? "net-\(tapName)"
    }

    /// Parses the `--net` value; a malformed one is a one-line `invalidConfiguration`.
    public init(parsing text: String) throws {
        func invalid(_ reason: String) -> VirtioError { .invalidConfiguration("--net \(text): \(reason)") }
        var fields: [String: String] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[1].isEmpty else { throw invalid("expected key=value, got '\(part)'") }
            let key = String(pair[0])
            guard ["tap", "mac", "mtu", "id"].contains(key) else {
                throw invalid("unknown key '\(key)' (expected tap, mac, mtu or id)")
            }
            guard fields.updateValue(String(pair[1]), forKey: key) == nil else { throw invalid("'\(key)' given twice") }
        }
        guard let tap = fields["tap"] else { throw invalid("tap=NAME is required") }
        guard Self.isValidInterfaceName(tap) else {
            throw invalid("'\(tap)' is not a valid interface name (1-15 characters, no '/', ':' or spaces)")
        }
        var mac: MACAddress?
        if let text = fields["mac"] {
            guard let parsed = MACAddress(text) else { throw invalid("'\(text)' is not a unicast MAC address like 52:54:00:12:34:56") }
            mac = parsed
        }
        var mtu: Int?
        if let text = fields["mtu"] {
            guard let value = Int(text), Self.mtuRange.contains(value) else {
                throw invalid("mtu '\(text)' is not a number in \(Self.mtuRange.lowerBound)-\(Self.mtuRange.upperBound)")
            }
            mtu = value
        }
        self.init(tapName: tap, mac: mac, mtu: mtu, identifier: fields["id"])
    }

    /// Linux's rules for interface names (dev_valid_name).
    public static func isValidInterfaceName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...15).contains(bytes.count), name != ".", name != ".." else { return false }
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ":") }
    }

    public var description: String { "virtio-net tap=\(tapName)" }

    public func makeDevice(loop: DeviceEventLoop, logger: Logger) throws -> any VirtioDevice {
        let tap = try TapDevice(name: tapName, mtu: mtu)
        logger.info("\(description): \(tap.isCreated ? "created" : "attached to") tap \(tapName)")
        return NetworkDevice(tap: tap, mac: mac ?? .random(), mtu: mtu, loop: loop, logger: logger)
    }
}
