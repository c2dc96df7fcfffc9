import Glibc

/// Parses runc's signal argument: a number, or a name with or without the SIG prefix.
public enum SignalName {
    static let table: [String: Int32] = [
        "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "ILL": SIGILL, "TRAP": SIGTRAP, "ABRT": SIGABRT,
        "IOT": SIGIOT, "BUS": SIGBUS, "FPE": SIGFPE, "KILL": SIGKILL, "USR1": SIGUSR1, "SEGV": SIGSEGV,
        "USR2": SIGUSR2, "PIPE": SIGPIPE, "ALRM": SIGALRM, "TERM": SIGTERM, "STKFLT": SIGSTKFLT,
        "CHLD": SIGCHLD, "CONT": SIGCONT, "STOP": SIGSTOP, "TSTP": SIGTSTP, "TTIN": SIGTTIN, "TTOU": SIGTTOU,
        "URG": SIGURG, "XCPU": SIGXCPU, "XFSZ": SIGXFSZ, "VTALRM": SIGVTALRM, "PROF": SIGPROF,
        "WINCH": SIGWINCH, "IO": SIGIO, "POLL": SIGPOLL, "PWR": SIGPWR, "SYS": SIGSYS,
    ]

    public static func parse(_ text: String) throws -> Int32 {
        if let number = Int32(text) {
            guard number > 0 && number <= 64 else { throw RuntimeError.invalidArgument("invalid signal number \(text)") }
            return number
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let value = table[name] { return value }
        if name.hasPrefix("RTMIN") || name.hasPrefix("RTMAX") {
            let base = name.hasPrefix("RTMIN") ? Int32(34) : Int32(64)
            let offsetText = name.dropFirst(5)
            if offsetText.isEmpty { return base }
            if let offset = Int32(offsetText), abs(offset) <= 30 { return base + offset }
        }
        throw RuntimeError.invalidArgument("unknown signal \"\(text)\"")
    }
}
