import Glibc
import VesselOCISpec

/// Resolves `args[0]` against the process's PATH inside the container, before start, so a missing binary
/// fails `create` rather than the container silently.
enum ExecutableLookup {
    static func resolve(process: ProcessSpec) throws -> String {
        guard let name = process.args?.first, !name.isEmpty else {
            throw RuntimeError.invalidSpec("process.args must name the program to run")
        }
        if name.contains("/") {
            guard access(name, X_OK) == 0 else { throw SystemCall.errnoError("exec", "\"\(name)\"") }
            return name
        }
        let pathVariable = (process.env ?? []).last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in pathVariable.split(separator: ":") {
            let candidate = directory + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw RuntimeError.invalidArgument("exec: \"\(name)\": executable file not found in $PATH")
    }
}
