internal import CVesselSys
import Glibc

/// Closing inherited descriptors before exec, so nothing from the runtime leaks into the container.
enum FileDescriptors {
    /// Closes (or marks close-on-exec) every fd at or above `first`. close_range's CLOSE_RANGE_CLOEXEC keeps
    /// fds the init still needs until execve.
    static func markCloseOnExec(from first: Int32) {
        let closeRangeCloexec: UInt32 = 1 << 2
        if vessel_close_range(UInt32(first), UInt32.max, closeRangeCloexec) == 0 { return }
        // Older kernels: walk /proc/self/fd.
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let fd = Int32(name), fd >= first, fd != own {
                _ = vessel_fcntl_int(fd, F_SETFD, FD_CLOEXEC)
            }
        }
    }
}
