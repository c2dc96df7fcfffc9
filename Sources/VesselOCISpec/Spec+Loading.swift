extension Spec {
    /// Reads and decodes `<bundle>/config.json`. Does not validate; call `validate()` next.
    public static func load(bundle: String) throws(SpecError) -> Spec {
        let path = bundle.hasSuffix("/") ? bundle + "config.json" : bundle + "/config.json"
        return try SpecJSON.load(Spec.self, path: path, name: "config.json")
    }

    /// The bytes of `<bundle>/config.json`.
    public static func readDocument(bundle: String) throws(SpecError) -> [UInt8] {
        try SpecJSON.readFile(path: bundle.hasSuffix("/") ? bundle + "config.json" : bundle + "/config.json")
    }

    /// Decodes a config from bytes; `name` prefixes error messages.
    public static func decode(_ bytes: [UInt8], name: String = "config.json") throws(SpecError) -> Spec {
        try SpecJSON.decode(Spec.self, from: bytes, name: name)
    }

    /// Pretty JSON with runc's field names, as `runc spec` writes it.
    public func encodedPretty() throws(SpecError) -> [UInt8] {
        try SpecJSON.encodePretty(self)
    }
}
