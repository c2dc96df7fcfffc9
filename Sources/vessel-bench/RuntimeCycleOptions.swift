#if canImport(Glibc)
import Glibc
#endif

/// `vessel-bench runtime-cycle [--runtime PATH] [--peer PATH] [--runs N] [--own-spec] [--time PATH]`.
struct RuntimeCycleOptions: Sendable {
    let runtime: String
    let peer: String
    let runs: Int
    /// Each runtime runs its own `spec` output; by default both run the peer's, so the work is identical.
    let ownSpec: Bool
    /// GNU time, for peak RSS: a direct child of this process inherits this process's own peak in ru_maxrss.
    let gnuTime: String?

    static let usage = "vessel-bench runtime-cycle [--runtime PATH] [--peer PATH] [--runs N] [--own-spec] [--time PATH]"

    /// Defaults: vessel-runtime next to this binary, `runc` from PATH, 200 cycles each.
    init(_ arguments: [String]) throws {
        let selfPath = realpath("/proc/self/exe", nil).map { String(cString: $0) } ?? CommandLine.arguments[0]
        let directory = String(selfPath[..<(selfPath.lastIndex(of: "/") ?? selfPath.endIndex)])
        runtime = option("--runtime", in: arguments) ?? directory + "/vessel-runtime"
        guard let peer = option("--peer", in: arguments) ?? Self.searchPath("runc") else {
            throw BenchError("runc is not on PATH; pass --peer PATH")
        }
        self.peer = peer
        let runsText = option("--runs", in: arguments) ?? "200"
        guard let runs = Int(runsText), runs > 0 else { throw BenchError("--runs must be a positive number, got \"\(runsText)\"") }
        self.runs = runs
        ownSpec = arguments.contains("--own-spec")
        let time = option("--time", in: arguments) ?? "/usr/bin/time"
        gnuTime = access(time, X_OK) == 0 ? time : nil
        for path in [runtime, peer] where access(path, X_OK) != 0 {
            throw BenchError("\(path) is not an executable file")
        }
    }

    static func searchPath(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }
}
