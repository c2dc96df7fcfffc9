/// Object decoding; unknown members are ignored, missing ones are reported with their full path.
struct JSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [JSONMember]
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        var seen: Set<String> = []
        return members.compactMap { member in
            guard seen.insert(member.key).inserted else { return nil }
            return Key(stringValue: member.key)
        }
    }

    func contains(_ key: Key) -> Bool {
        lookup(key) != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try require(key) == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.decode(type, from: try require(key), codingPath: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = lookup(key), value != .null else { return nil }
        return try JSONValueDecoder.decode(type, from: value, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(value: try require(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(value: try require(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(value: .object(members), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key])
    }

    private func lookup(_ key: Key) -> JSONValue? {
        members.last { $0.key == key.stringValue }?.value
    }

    private func require(_ key: Key) throws -> JSONValue {
        guard let value = lookup(key) else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "missing \(key.stringValue)"))
        }
        return value
    }
}
