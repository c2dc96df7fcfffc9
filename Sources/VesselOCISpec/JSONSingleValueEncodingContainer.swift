/// Leaf encoding: integers keep their exact decimal text.
struct JSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() { node.content = .value(.null) }
    mutating func encode(_ value: Bool) { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(.number(try Self.text(value, codingPath))) }
    mutating func encode(_ value: Float) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int8) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int16) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int32) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int64) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt8) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt16) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt32) { node.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt64) { node.content = .value(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        switch value {
        case let flag as Bool: encode(flag)
        case let text as String: encode(text)
        case let number as Int: encode(number)
        case let number as Int8: encode(number)
        case let number as Int16: encode(number)
        case let number as Int32: encode(number)
        case let number as Int64: encode(number)
        case let number as UInt: encode(number)
        case let number as UInt8: encode(number)
        case let number as UInt16: encode(number)
        case let number as UInt32: encode(number)
        case let number as UInt64: encode(number)
        case let number as Double: try encode(number)
        case let number as Float: try encode(number)
        default: try value.encode(to: JSONNodeEncoder(node: node, codingPath: codingPath))
        }
    }

    static func text(_ value: Double, _ codingPath: [any CodingKey]) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath, debugDescription: "JSON has no \(value)"))
        }
        if value.rounded() == value, let integral = Int64(exactly: value) { return String(integral) }
        return "\(value)"
    }
}
