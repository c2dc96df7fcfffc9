import Glibc

/// Decoding of wait(2) status words without the C macros Swift cannot import.
public enum ExitStatus {
    public static func exited(_ status: Int32) -> Bool { status & 0x7f == 0 }
    public static func exitCode(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
    public static func signaled(_ status: Int32) -> Bool { ((status & 0x7f) + 1) >> 1 > 0 && status & 0x7f != 0x7f }
    public static func terminatingSignal(_ status: Int32) -> Int32 { status & 0x7f }

    /// Shell convention: the exit code, or 128 + signal.
    public static func shellCode(_ status: Int32) -> Int32 {
        if exited(status) { return exitCode(status) }
        if signaled(status) { return 128 + terminatingSignal(status) }
        return 255
    }

    public static func describe(_ status: Int32) -> String {
        if exited(status) { return "exit status \(exitCode(status))" }
        if signaled(status) { return "killed by signal \(terminatingSignal(status))" }
        return "wait status \(status)"
    }
}
