import Testing
@testable import VesselOCISpec

@Suite struct JSONCodecTests {
    @Test func stringsWithEscapesAndUnicodeRoundTrip() throws {
        let hook = Hook(path: "/bin/h\u{00e9}", args: ["a\"b", "back\\slash", "tab\there", "nl\nx", "\u{1F600}", "\u{01}"])
        let bytes = try SpecJSON.encodeCompact(hook)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""a\"b""#))
        #expect(text.contains(#""\u0001""#))
        #expect(try SpecJSON.decode(Hook.self, from: bytes, name: "hook") == hook)
        let escaped = #"{"path": "\/x\u00e9\ud83d\ude00"}"#
        #expect(try SpecJSON.decode(Hook.self, from: Array(escaped.utf8), name: "hook").path == "/x\u{00e9}\u{1F600}")
    }

    @Test func stateUsesRuncIndentWhenAsked() throws {
        let state = State(ociVersion: "1.0.2", id: "c", pid: 7, status: .running, bundle: "/b")
        let text = String(decoding: try SpecJSON.encodePretty(state, indent: "  "), as: UTF8.self)
        #expect(text == "{\n  \"ociVersion\": \"1.0.2\",\n  \"id\": \"c\",\n  \"pid\": 7,\n  \"status\": \"running\",\n  \"bundle\": \"/b\"\n}")
    }

    @Test func malformedDocumentsAreErrorsNotCrashes() {
        let inputs = [
            "", "{", "[1,]", "{\"a\" 1}", "{\"a\":tru}", "\"unterminated", "01", "1.", "-", "{\"a\":1}x",
            "\"bad \\q escape\"", "\"\\u12\"", String(repeating: "[", count: 100_000),
        ]
        for input in inputs {
            #expect(throws: SpecError.self, "\(input.prefix(20))") {
                _ = try SpecJSON.decode(Spec.self, from: Array(input.utf8), name: "x.json")
            }
        }
    }

    @Test func integersAreCheckedExactly() throws {
        struct Numbers: Codable, Equatable {
            var small: UInt8
            var signed: Int64
        }
        #expect(try SpecJSON.decode(Numbers.self, from: Array(#"{"small": 2.0e2, "signed": -9223372036854775808}"#.utf8), name: "n")
            == Numbers(small: 200, signed: Int64.min))
        #expect(throws: SpecError.invalidValue(file: "n", field: "small", detail: "256 is out of range (0...255)")) {
            try SpecJSON.decode(Numbers.self, from: Array(#"{"small": 256, "signed": 0}"#.utf8), name: "n")
        }
        #expect(throws: SpecError.wrongType(file: "n", field: "small", expected: "an unsigned integer")) {
            try SpecJSON.decode(Numbers.self, from: Array(#"{"small": 1.5, "signed": 0}"#.utf8), name: "n")
        }
        #expect(throws: SpecError.wrongType(file: "n", field: "small", expected: "an unsigned integer")) {
            try SpecJSON.decode(Numbers.self, from: Array(#"{"small": -1, "signed": 0}"#.utf8), name: "n")
        }
    }

    @Test func duplicateKeysTakeTheLastValueLikeGo() throws {
        let root = try SpecJSON.decode(Root.self, from: Array(#"{"path": "a", "path": "b"}"#.utf8), name: "r")
        #expect(root.path == "b")
    }

    @Test func dictionariesEncodeWithSortedKeys() throws {
        let spec = Spec(ociVersion: "1.0.0", annotations: ["z": "1", "a": "2", "m": "3"])
        let text = String(decoding: try SpecJSON.encodeCompact(spec), as: UTF8.self)
        #expect(text == #"{"ociVersion":"1.0.0","annotations":{"a":"2","m":"3","z":"1"}}"#)
    }
}
