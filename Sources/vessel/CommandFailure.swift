import ArgumentParser

/// A failure the CLI reports as one line with a chosen exit code.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let code: ExitCode

    var description: String { message }
}
