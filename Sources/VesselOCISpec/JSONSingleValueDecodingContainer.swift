/// Leaf decoding: strict kinds, exact integer ranges.
struct JSONSingleValueDecodingContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        value == .null
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw JSONValueDecoder.mismatch(type, value, codingPath) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw JSONValueDecoder.mismatch(type, value, codingPath) }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let text) = value, let number = Double(text) else {
            throw JSONValueDecoder.mismatch(type, value, codingPath)
        }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float {
        Float(try decode(Double.self))
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder.decode(type, from: value, codingPath: codingPath)
    }

    /// Integers accept an exact integral number ("5", "5.0", "5e3"); a negative for an unsigned type is the
    /// wrong kind, a magnitude beyond the type's range is an invalid value.
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let text) = value else { throw JSONValueDecoder.mismatch(type, value, codingPath) }
        if let exact = T(text) { return exact }
        let negative = text.hasPrefix("-")
        if negative && !T.isSigned && text.contains(where: { ("1"..."9").contains($0) }) {
            throw JSONValueDecoder.mismatch(type, value, codingPath)
        }
        if let real = Double(text), real.rounded() == real {
            if let exact = T(exactly: real) { return exact }
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath, debugDescription: "\(text) is out of range (\(T.min)...\(T.max))"))
        }
        throw JSONValueDecoder.mismatch(type, value, codingPath)
    }
}
