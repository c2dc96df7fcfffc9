/// `linux.resources.rdma[device]`.
public struct LinuxRdma: Codable, Sendable, Equatable {
    public var hcaHandles: UInt32?
    public var hcaObjects: UInt32?

    public init(hcaHandles: UInt32? = nil, hcaObjects: UInt32? = nil) {
        self.hcaHandles = hcaHandles
        self.hcaObjects = hcaObjects
    }
}
