import CVesselSys
import Glibc

/// The seam between the init and the rootfs code (Sources/VesselRuntime/Rootfs, owned by "ocifs").
/// Until that lands this does the minimum: private propagation, bind the rootfs, proc, a small /dev with devpts,
/// pivot_root.
enum RootfsStage {
    static func prepare(configuration: InitConfiguration, beforePivot: () throws -> Void) throws {
        let rootfs = configuration.rootfs
        try mount(nil, "/", nil, UInt(MS_REC | MS_PRIVATE), nil)
        try mount(rootfs, rootfs, nil, UInt(MS_BIND | MS_REC), nil)
        try mount("proc", rootfs + "/proc", "proc", UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC), nil)
        try mount("tmpfs", rootfs + "/dev", "tmpfs", UInt(MS_NOSUID), "mode=755,size=65536k")
        for device in ["null", "zero", "full", "random", "urandom", "tty"] {
            let target = rootfs + "/dev/" + device
            let fd = vessel_open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0o666)
            SystemCall.closeIgnoringErrors(fd)
            try mount("/dev/" + device, target, nil, UInt(MS_BIND), nil)
        }
        _ = Glibc.mkdir(rootfs + "/dev/pts", 0o755)
        try mount("devpts", rootfs + "/dev/pts", "devpts", UInt(MS_NOSUID | MS_NOEXEC), "newinstance,ptmxmode=0666,mode=0620")
        _ = symlink("pts/ptmx", rootfs + "/dev/ptmx")
        try beforePivot()
        try SystemCall.check("chdir", rootfs) { chdir(rootfs) }
        try SystemCall.check("pivot_root") { vessel_pivot_root(".", ".") }
        try mount(nil, ".", nil, UInt(MS_SLAVE | MS_REC), nil)
        try SystemCall.check("umount2", "old root") { umount2(".", Int32(MNT_DETACH)) }
        try SystemCall.check("chdir", "/") { chdir("/") }
    }

    private static func mount(_ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String?) throws {
        try SystemCall.check("mount", target) { Glibc.mount(source, target, type, flags, data) }
    }
}
