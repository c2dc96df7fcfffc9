/// Where one container's files live under the store root.
public struct ContainerPaths: Sendable {
    public let directory: String

    public var record: String { directory + "/container.json" }
    public var bundle: String { directory + "/bundle" }
    public var config: String { bundle + "/config.json" }
    /// The overlay mount point; the bundle's config.json names it as the root.
    public var rootfs: String { bundle + "/rootfs" }
    public var upper: String { directory + "/upper" }
    public var work: String { directory + "/work" }
    public var log: String { directory + "/container.log" }
    public var pidFile: String { directory + "/init.pid" }
}
