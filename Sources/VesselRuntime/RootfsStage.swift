/// The seam between the init and the rootfs code in Rootfs/ (mounts, /dev, pivot_root, masked and read-only
/// paths, sysctls). `beforePivot` runs the createContainer hooks; `afterPivot` sets up the terminal.
enum RootfsStage {
    static func prepare(configuration: InitConfiguration, cgroupPlan: RootfsCgroupPlan, beforePivot: () throws -> Void,
                        afterPivot: () throws -> Void) throws {
        // The init already sits in its cgroups, so the plan sees the container's own cgroup directories.
        let options = RootfsOptions(noPivot: configuration.noPivot, cgroup: cgroupPlan)
        do {
            try RootfsSetup(options: options).prepare(
                spec: configuration.spec, bundlePath: configuration.bundle, beforePivot: beforePivot, afterPivot: afterPivot)
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw RuntimeError.rootfs("\(error)")
        }
    }
}
