import Foundation

enum TemporaryDirectory {
    static func make(prefix: String) -> String {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { buffer -> String in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return "/tmp/\(prefix).\(UUID().uuidString)" }
            return String(cString: result)
        }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
