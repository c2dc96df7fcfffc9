/// An `Encoder` that builds a `JSONNode` tree, keeping members in the order the types encode them.
struct JSONNodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // Dictionary<String, _> encodes through a private key type; sort its keys for stable output.
        // _typeName reads the runtime's cached type name; String(describing:) would first try dynamic casts to
        // the description protocols, each a scan of every conformance record for every new key type.
        let sortKeys = _typeName(Key.self, qualified: false).hasSuffix("DictionaryCodingKey")
        if case .object = node.content {} else {
            node.content = .object(keys: [], children: [:], sortKeys: sortKeys)
        }
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(node: node, codingPath: codingPath, sortKeys: sortKeys))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return JSONUnkeyedEncodingContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncodingContainer(node: node, codingPath: codingPath)
    }

    static func encode<T: Encodable>(_ value: T, into node: JSONNode, codingPath: [any CodingKey]) throws {
        var single = JSONSingleValueEncodingContainer(node: node, codingPath: codingPath)
        try single.encode(value)
    }
}
