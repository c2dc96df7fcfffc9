import Foundation

/// The shared objects a dynamically linked binary needs, as `ldd` resolves them on this host.
enum SharedLibraries {
    /// Absolute paths of every library ldd lists, including the dynamic loader. Empty for static binaries.
    static func of(_ binary: String) throws -> [String] {
        let output = try HostCommand.run("/usr/bin/ldd", [binary], allowFailure: true)
        if output.contains("not a dynamic executable") || output.contains("statically linked") {
            return []
        }
        return try parse(lddOutput: output, binary: binary)
    }

    /// Lines look like `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)`,
    /// `/lib64/ld-linux-x86-64.so.2 (0x...)` or `linux-vdso.so.1 (0x...)`.
    static func parse(lddOutput: String, binary: String) throws -> [String] {
        var paths: [String] = []
        for rawLine in lddOutput.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let arrow = line.range(of: "=> ") {
                let target = line[arrow.upperBound...]
                if target.hasPrefix("not found") {
                    let name = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
                    throw TestbedError.unresolvedLibrary(binary: binary, library: name)
                }
                if let path = target.split(separator: " ").first, path.hasPrefix("/") {
                    paths.append(String(path))
                }
            } else if line.hasPrefix("/"), let path = line.split(separator: " ").first {
                paths.append(String(path))
            }
        }
        return paths
    }
}
