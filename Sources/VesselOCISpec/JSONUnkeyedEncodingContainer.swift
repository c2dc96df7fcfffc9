/// Array encoding into a shared node.
struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    var count: Int { node.arrayCount }

    mutating func encodeNil() {
        node.append(JSONNode(.value(.null)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = JSONNode(.value(.null))
        try JSONNodeEncoder.encode(value, into: child, codingPath: codingPath + [JSONIndexKey(index: count)])
        node.append(child)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object(keys: [], children: [:], sortKeys: false))
        let path = codingPath + [JSONIndexKey(index: count)]
        node.append(child)
        return JSONNodeEncoder(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = JSONNode(.array([]))
        let path = codingPath + [JSONIndexKey(index: count)]
        node.append(child)
        return JSONNodeEncoder(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONNode(.value(.null))
        let path = codingPath + [JSONIndexKey(index: count)]
        node.append(child)
        return JSONNodeEncoder(node: child, codingPath: path)
    }
}
