/// A mutable node the encoder fills in; containers share nodes by reference, as Encoder requires.
final class JSONNode {
    enum Content {
        case value(JSONValue)
        case array([JSONNode])
        case object(keys: [String], children: [String: JSONNode], sortKeys: Bool)
    }

    var content: Content

    init(_ content: Content) {
        self.content = content
    }

    /// The node's finished value; dictionary-backed objects get sorted keys so output is stable.
    var value: JSONValue {
        switch content {
        case .value(let value):
            return value
        case .array(let nodes):
            return .array(nodes.map(\.value))
        case .object(let keys, let children, let sortKeys):
            let ordered = sortKeys ? keys.sorted() : keys
            return .object(ordered.compactMap { key in
                children[key].map { JSONMember(key: key, value: $0.value) }
            })
        }
    }

    func child(forKey key: String, sortKeys: Bool, make: () -> JSONNode) -> JSONNode {
        guard case .object(var keys, var children, _) = content else {
            let node = make()
            content = .object(keys: [key], children: [key: node], sortKeys: sortKeys)
            return node
        }
        if let existing = children[key] { return existing }
        let node = make()
        content = .value(.null)
        keys.append(key)
        children[key] = node
        content = .object(keys: keys, children: children, sortKeys: sortKeys)
        return node
    }

    func set(_ node: JSONNode, forKey key: String, sortKeys: Bool) {
        guard case .object(var keys, var children, _) = content else {
            content = .object(keys: [key], children: [key: node], sortKeys: sortKeys)
            return
        }
        content = .value(.null)  // drop the enum's reference so the edits below do not copy
        if children[key] == nil { keys.append(key) }
        children[key] = node
        content = .object(keys: keys, children: children, sortKeys: sortKeys)
    }

    func append(_ node: JSONNode) {
        guard case .array(var nodes) = content else {
            content = .array([node])
            return
        }
        content = .value(.null)  // drop the enum's reference so the append does not copy
        nodes.append(node)
        content = .array(nodes)
    }

    var arrayCount: Int {
        if case .array(let nodes) = content { return nodes.count }
        return 0
    }
}
