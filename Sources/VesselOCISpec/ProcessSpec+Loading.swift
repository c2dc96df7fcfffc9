extension ProcessSpec {
    /// Reads and validates a process document, as `exec --process <path>` passes it.
    public static func load(path: String) throws(SpecError) -> ProcessSpec {
        let process = try SpecJSON.load(ProcessSpec.self, path: path, name: path)
        try Spec.validate(process: process, field: "process", name: path)
        return process
    }
}
