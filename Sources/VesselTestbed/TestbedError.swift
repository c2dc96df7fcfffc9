/// Everything that can go wrong while preparing or running the nested test bed.
public enum TestbedError: Error, CustomStringConvertible, Sendable {
    case missingFile(path: String, purpose: String)
    case toolFailed(command: String, status: Int32, output: String)
    case unresolvedLibrary(binary: String, library: String)
    case invalidScenario(name: String, reason: String)
    case launchFailed(command: String, reason: String)
    case systemCall(name: String, errno: Int32)
    case cancelled

    public var description: String {
        switch self {
        case .missingFile(let path, let purpose):
            return "missing \(purpose): \(path)"
        case .toolFailed(let command, let status, let output):
            let detail = output.split(separator: "\n").last.map { ": \($0)" } ?? ""
            return "\(command) exited with status \(status)\(detail)"
        case .unresolvedLibrary(let binary, let library):
            return "ldd cannot resolve \(library) for \(binary)"
        case .invalidScenario(let name, let reason):
            return "invalid scenario '\(name)': \(reason)"
        case .launchFailed(let command, let reason):
            return "cannot start \(command): \(reason)"
        case .systemCall(let name, let errno):
            return "\(name) failed with errno \(errno)"
        case .cancelled:
            return "test bed run cancelled"
        }
    }
}
