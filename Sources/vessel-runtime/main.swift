import Glibc
import VesselRuntime

// Synchronous on purpose: the container init path (`init`) must run before any extra thread exists.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "init" {
    ContainerInit.main()
}

// A hook that exits without reading its state must not kill us with SIGPIPE. The init resets it to default.
signal(SIGPIPE, SIG_IGN)

var exitCode: Int32 = 1
var log: RuntimeLog?
do {
    let (options, command, rest) = try GlobalOptions.parse(arguments)
    log = try RuntimeLog(path: options.logPath, format: options.logFormat, debug: options.debug)
    guard let command else { throw UsageError("no command given; run vessel-runtime help") }
    if options.systemdCgroup {
        throw UsageError("--systemd-cgroup is not supported: vessel-runtime only drives cgroupfs, not the systemd cgroup driver")
    }
    if let log {
        exitCode = try CommandDispatcher(options: options, runtime: Runtime(root: options.root, log: log)).dispatch(command, rest)
    }
} catch {
    let message = "\(error)"
    log?.error(message)
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exitCode = 1
}
exit(exitCode)
