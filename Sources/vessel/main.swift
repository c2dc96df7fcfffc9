import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// A parent may start vessel with signals blocked (a test harness's worker thread, say). vessel forwards SIGINT,
// SIGTERM and SIGHUP to containers and follows SIGWINCH, so it starts with none blocked.
var unblocked = sigset_t()
sigemptyset(&unblocked)
sigprocmask(SIG_SETMASK, &unblocked, nil)

// Parse and run by hand so every failure is one line on stderr, not a usage dump.
do {
    var command = try VesselCommand.parseAsRoot()
    try command.run()
} catch let failure as CommandFailure {
    printError(failure.message)
    exit(failure.code.rawValue)
} catch {
    let code = VesselCommand.exitCode(for: error)
    if code == .success {
        // --help lands here.
        print(VesselCommand.fullMessage(for: error))
        exit(0)
    }
    if let exitCode = error as? ExitCode {
        exit(exitCode.rawValue)
    }
    let message = VesselCommand.message(for: error)
        .split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "\(error)"
    printError(message)
    exit(code == .validationFailure ? ExitCode.invalidInput.rawValue : code.rawValue)
}

/// One line on stderr, written with a single write(2) so concurrent output cannot split it.
func printError(_ message: String) {
    let line = Array("vessel: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
