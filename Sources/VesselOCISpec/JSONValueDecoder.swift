/// A `Decoder` over a parsed `JSONValue` that reports the exact coding path of every problem.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw JSONValueDecoder.mismatch([String: Any].self, value, codingPath)
        }
        return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONValueDecoder.mismatch([Any].self, value, codingPath)
        }
        return JSONUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecodingContainer(value: value, codingPath: codingPath)
    }

    /// Decodes any `Decodable` from `value`, treating leaf types directly so numbers keep full precision.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        if let leaf = try leafValue(type, from: value, codingPath: codingPath) as? T {
            return leaf
        }
        if case .null = value, !(T.self is any ExpressibleByNilLiteral.Type) {
            throw DecodingError.valueNotFound(
                T.self, DecodingError.Context(codingPath: codingPath, debugDescription: "value is null"))
        }
        return try T(from: JSONValueDecoder(value: value, codingPath: codingPath))
    }

    private static func leafValue(_ type: Any.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> Any? {
        let single = JSONSingleValueDecodingContainer(value: value, codingPath: codingPath)
        switch type {
        case is Bool.Type: return try single.decode(Bool.self)
        case is String.Type: return try single.decode(String.self)
        case is Int.Type: return try single.decode(Int.self)
        case is Int8.Type: return try single.decode(Int8.self)
        case is Int16.Type: return try single.decode(Int16.self)
        case is Int32.Type: return try single.decode(Int32.self)
        case is Int64.Type: return try single.decode(Int64.self)
        case is UInt.Type: return try single.decode(UInt.self)
        case is UInt8.Type: return try single.decode(UInt8.self)
        case is UInt16.Type: return try single.decode(UInt16.self)
        case is UInt32.Type: return try single.decode(UInt32.self)
        case is UInt64.Type: return try single.decode(UInt64.self)
        case is Double.Type: return try single.decode(Double.self)
        case is Float.Type: return try single.decode(Float.self)
        default: return nil
        }
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, DecodingError.Context(codingPath: codingPath, debugDescription: "value is null"))
        }
        return .typeMismatch(type, DecodingError.Context(codingPath: codingPath, debugDescription: "found \(value.kindName)"))
    }
}
