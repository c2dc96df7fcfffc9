import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// Parse and run by hand so every failure is one line on stderr, not a usage dump.
do {
    var command = try VesselCommand.parseAsRoot()
    try command.run()
} catch let failure as CommandFailure {
    fputs("vessel: \(failure.message)\n", stderr)
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
    fputs("vessel: \(message)\n", stderr)
    exit(code == .validationFailure ? ExitCode.invalidInput.rawValue : code.rawValue)
}
