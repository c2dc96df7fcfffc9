import CVesselEvent
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs tap tests in a private network namespace, so real tap devices never touch the host's network.
enum NetworkNamespace {
    /// nil when the tests can run; otherwise why they skip.
    static var skipReason: String? {
        if geteuid() != 0 { return "tap tests need root (CAP_NET_ADMIN)" }
        if access("/dev/net/tun", R_OK | W_OK) != 0 { return "/dev/net/tun is missing" }
        return nil
    }

    /// Runs `body` on this thread inside a fresh network namespace, then returns the thread to its own.
    /// Threads and processes started by `body` inherit the namespace; it ends (with its taps) once
    /// they and every descriptor into it are gone.
    static func run<Result>(_ body: () throws -> Result) throws -> Result {
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else { throw NamespaceError("open /proc/thread-self/ns/net: \(String(cString: strerror(errno)))") }
        defer { close(original) }
        let unshared = vessel_network_namespace_unshare()
        guard unshared == 0 else { throw NamespaceError("unshare(CLONE_NEWNET): \(String(cString: strerror(-unshared)))") }
        defer { _ = vessel_network_namespace_enter(original) }
        // Loopback up, and no IPv6 autoconfiguration chatter on new interfaces.
        _ = vessel_interface_set_up("lo", true)
        try? write("1", to: "/proc/sys/net/ipv6/conf/default/disable_ipv6")
        return try body()
    }

    /// Runs a command (e.g. `ip`) in the calling thread's namespace and waits for it.
    static func command(_ arguments: [String]) throws {
        var pid = pid_t()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, arguments[0], nil, nil, &argv, environ)
        guard spawned == 0 else { throw NamespaceError("\(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw NamespaceError("\(arguments.joined(separator: " ")) failed with status \(status)") }
    }

    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw NamespaceError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard Glibc.write(fd, text, text.utf8.count) == text.utf8.count else {
            throw NamespaceError("write \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func interfaceExists(_ name: String) -> Bool { if_nametoindex(name) != 0 }
}
