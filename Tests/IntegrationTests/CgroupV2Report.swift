import Foundation

/// The `cgv2:key=value` lines a cgroup v2 scenario prints, keyed by `key` (the last value wins).
struct CgroupV2Report {
    static let prefix = "cgv2:"
    let values: [String: String]

    init(output: String) {
        var values: [String: String] = [:]
        for rawLine in output.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix(Self.prefix), let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[line.index(line.startIndex, offsetBy: Self.prefix.count)..<equals])
            values[key] = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        }
        self.values = values
    }

    subscript(key: String) -> String? { values[key] }

    /// The value split into words (controller lists, mount types).
    func words(_ key: String) -> [String] {
        (values[key] ?? "").split(separator: " ").map(String.init)
    }
}
