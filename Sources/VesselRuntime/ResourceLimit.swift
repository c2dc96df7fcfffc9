import Glibc

/// Maps OCI rlimit names onto RLIMIT_* numbers and applies them with setrlimit.
enum ResourceLimit {
    static let resources: [String: Int32] = [
        "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3, "RLIMIT_CORE": 4, "RLIMIT_RSS": 5,
        "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7, "RLIMIT_MEMLOCK": 8, "RLIMIT_AS": 9, "RLIMIT_LOCKS": 10,
        "RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12, "RLIMIT_NICE": 13, "RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15,
    ]

    static func resource(named name: String) throws -> Int32 {
        guard let number = resources[name] else { throw RuntimeError.invalidSpec("unknown rlimit \"\(name)\"") }
        return number
    }

    static func apply(resource: Int32, soft: UInt64, hard: UInt64, name: String) throws {
        var limit = rlimit(rlim_cur: rlim_t(soft), rlim_max: rlim_t(hard))
        try SystemCall.check("setrlimit", name) { setrlimit(__rlimit_resource_t(UInt32(resource)), &limit) }
    }
}
