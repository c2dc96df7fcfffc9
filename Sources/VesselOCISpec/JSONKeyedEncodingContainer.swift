/// Object encoding into a shared node, members in call order.
struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let sortKeys: Bool

    mutating func encodeNil(forKey key: Key) {
        node.set(JSONNode(.value(.null)), forKey: key.stringValue, sortKeys: sortKeys)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let child = JSONNode(.value(.null))
        try JSONNodeEncoder.encode(value, into: child, codingPath: codingPath + [key])
        node.set(child, forKey: key.stringValue, sortKeys: sortKeys)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue, sortKeys: sortKeys) { JSONNode(.value(.null)) }
        return JSONNodeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue, sortKeys: sortKeys) { JSONNode(.array([])) }
        return JSONNodeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = node.child(forKey: "super", sortKeys: sortKeys) { JSONNode(.value(.null)) }
        return JSONNodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = node.child(forKey: key.stringValue, sortKeys: sortKeys) { JSONNode(.value(.null)) }
        return JSONNodeEncoder(node: child, codingPath: codingPath + [key])
    }
}
