#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads, decodes and encodes OCI JSON documents (config.json, process.json, state) with one-line errors
/// that name the JSON path. Plain syscalls and an in-house parser: no Foundation, no threads, so it is safe
/// on the runtime's pre-clone path.
public enum SpecJSON {
    /// Decodes `T` from `bytes`; `name` (e.g. "config.json") prefixes error messages.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], name: String) throws(SpecError) -> T {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw SpecError.invalidJSON(file: name, detail: error.description)
        }
        do {
            return try JSONValueDecoder.decode(T.self, from: value, codingPath: [])
        } catch let error as DecodingError {
            throw translate(error, name: name)
        } catch {
            throw SpecError.invalidValue(file: name, field: "(document)", detail: "\(error)")
        }
    }

    /// Reads the file at `path` and decodes `T`; errors name the file by `name` (defaults to `path`).
    public static func load<T: Decodable>(_ type: T.Type, path: String, name: String? = nil) throws(SpecError) -> T {
        let bytes = try readFile(path: path)
        return try decode(T.self, from: bytes, name: name ?? path)
    }

    /// Pretty JSON with the OCI field names in declaration order and slashes unescaped. The default tab
    /// indent matches `runc spec`; runc prints `state` with two spaces and `features` with four.
    public static func encodePretty<T: Encodable>(_ value: T, indent: String = "\t") throws(SpecError) -> [UInt8] {
        JSONWriter.write(try tree(value), indent: indent)
    }

    /// Compact one-line JSON, for state files and log lines.
    public static func encodeCompact<T: Encodable>(_ value: T) throws(SpecError) -> [UInt8] {
        JSONWriter.write(try tree(value), indent: nil)
    }

    static func tree<T: Encodable>(_ value: T) throws(SpecError) -> JSONValue {
        let root = JSONNode(.value(.null))
        do {
            try JSONNodeEncoder.encode(value, into: root, codingPath: [])
        } catch {
            throw SpecError.encodingFailed(detail: "\(error)")
        }
        return root.value
    }

    /// Whole-file read with open/read, retrying on EINTR.
    static func readFile(path: String) throws(SpecError) -> [UInt8] {
        var fd: Int32
        repeat {
            fd = open(path, O_RDONLY | O_CLOEXEC)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw SpecError.fileNotFound(path: path) }
            throw SpecError.readFailed(path: path, errno: code)
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw SpecError.readFailed(path: path, errno: errno)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    static func translate(_ error: DecodingError, name: String) -> SpecError {
        switch error {
        case .typeMismatch(let type, let context):
            return .wrongType(file: name, field: jsonPath(context.codingPath), expected: kindName(type))
        case .valueNotFound(_, let context):
            return .missingField(file: name, field: jsonPath(context.codingPath))
        case .keyNotFound(let key, let context):
            return .missingField(file: name, field: jsonPath(context.codingPath + [key]))
        case .dataCorrupted(let context):
            return .invalidValue(file: name, field: jsonPath(context.codingPath), detail: context.debugDescription)
        @unknown default:
            return .invalidJSON(file: name, detail: "\(error)")
        }
    }

    /// `process.user.uid`, `mounts[2].options[0]`, `linux.sysctl.net.ipv4.ip_forward`.
    static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path.isEmpty ? "(document)" : path
    }

    static func kindName(_ type: Any.Type) -> String {
        if type == Bool.self { return "a boolean" }
        if type == String.self { return "a string" }
        if type is any UnsignedInteger.Type { return "an unsigned integer" }
        if type is any BinaryInteger.Type { return "an integer" }
        if type is any BinaryFloatingPoint.Type { return "a number" }
        let described = String(describing: type)
        if described.hasPrefix("Dictionary") || described.hasPrefix("[String") { return "an object" }
        if described.hasPrefix("Array") || described.hasPrefix("[") { return "an array" }
        if type is any RawRepresentable.Type { return "a string" }
        return "an object"
    }
}
