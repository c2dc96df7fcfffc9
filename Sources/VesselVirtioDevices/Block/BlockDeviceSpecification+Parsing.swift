import VesselVirtio

extension BlockDeviceSpecification {
    /// Parses `PATH[,ro][,id=NAME]`. A path cannot contain a comma.
    public static func parse(_ value: String, isRoot: Bool) throws -> BlockDeviceSpecification {
        let option = isRoot ? "--root-disk" : "--disk"
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let path = parts.first, !path.isEmpty else {
            throw VirtioError.invalidConfiguration("\(option) '\(value)': expected PATH[,ro][,id=NAME]")
        }
        var readOnly = false
        var name: String?
        for part in parts.dropFirst() {
            if part == "ro", !readOnly {
                readOnly = true
            } else if part.hasPrefix("id="), name == nil {
                let candidate = String(part.dropFirst(3))
                guard !candidate.isEmpty, candidate.utf8.count <= VirtioBlockProtocol.identifierLength,
                      candidate.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
                    throw VirtioError.invalidConfiguration(
                        "\(option) '\(value)': id must be 1-20 printable ASCII characters without spaces")
                }
                name = candidate
            } else {
                throw VirtioError.invalidConfiguration(
                    "\(option) '\(value)': unknown or repeated option '\(part)' (expected PATH[,ro][,id=NAME])")
            }
        }
        return BlockDeviceSpecification(path: path, readOnly: readOnly, name: name, isRoot: isRoot)
    }
}
