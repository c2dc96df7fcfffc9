import Glibc

/// errno access kept in a file without `import CVesselSys`: the shim defines _GNU_SOURCE, and seeing both
/// its and Glibc's view of the system headers in one file is a module conflict.
enum SystemErrno {
    static var current: Int32 { errno }
    static let interrupted = EINTR
}
