/// What the probe command inside the L3 guest printed: its token, online CPUs and MemTotal.
struct GuestReport: Equatable {
    var token: String?
    var cpus: Int?
    var memTotalKiB: Int?

    /// The guest command line: init runs the words after " -- " (double quotes group them for the kernel).
    static func commandLine(token: String) -> String {
        #"console=ttyS0 quiet -- sh -c "echo vessel-token: \#(token); echo vessel-cpus: $(nproc); grep MemTotal /proc/meminfo""#
    }

    init(token: String?, cpus: Int?, memTotalKiB: Int?) {
        self.token = token
        self.cpus = cpus
        self.memTotalKiB = memTotalKiB
    }

    init(consoleOutput: String) {
        for rawLine in consoleOutput.split(separator: "\n") {
            let words = rawLine.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 2 else { continue }
            switch words[0] {
            case "vessel-token:": token = String(words[1])
            case "vessel-cpus:": cpus = Int(words[1])
            case "MemTotal:": memTotalKiB = Int(words[1])
            default: continue
            }
        }
    }
}
