import Foundation
import Testing
@testable import VesselOCISpec

@Suite struct DefaultSpecTests {
    @Test func defaultSpecMatchesRuncSpecPlusCgroupNamespace() throws {
        var runc = try Spec.decode(Fixtures.runcSpec.bytes)
        runc.linux?.namespaces?.append(LinuxNamespace(type: .cgroup))
        #expect(Spec.defaultSpec() == runc)
    }

    @Test func encodingUsesRuncFieldNamesInRuncOrder() throws {
        let text = String(decoding: try Spec.defaultSpec().encodedPretty(), as: UTF8.self)
        let keys = ["\"ociVersion\"", "\"process\"", "\"terminal\"", "\"user\"", "\"args\"", "\"env\"", "\"cwd\"",
                    "\"capabilities\"", "\"rlimits\"", "\"noNewPrivileges\"", "\"root\"", "\"hostname\"",
                    "\"mounts\"", "\"linux\"", "\"resources\"", "\"namespaces\"", "\"maskedPaths\"",
                    "\"readonlyPaths\""]
        var previous = text.startIndex
        for key in keys {
            let found = try #require(text.range(of: key, range: previous..<text.endIndex), "missing or out of order: \(key)")
            previous = found.upperBound
        }
        #expect(text.contains("\"/sys/fs/cgroup\""))
        #expect(!text.contains("\\/"))
        #expect(!text.contains("null"))
        #expect(text.contains("\n"))
    }

    @Test func featuresDescribeVessel() throws {
        let features = Features.vessel(version: "0.1.0")
        #expect(features.linux?.cgroup == CgroupFeatures(v1: true, v2: true, systemd: false, systemdUser: false))
        #expect(features.linux?.namespaces?.contains("user") == true)
        #expect(features.linux?.capabilities?.count == 41)
        #expect(features.hooks?.count == 6)
        let text = String(decoding: try SpecJSON.encodePretty(features), as: UTF8.self)
        #expect(text.contains("\"ociVersionMin\""))
        #expect(try SpecJSON.decode(Features.self, from: Array(text.utf8), name: "features") == features)
    }
}

@Suite struct RuncByteCompatibilityTests {
    @Test func reencodingRuncOutputReproducesItByteForByte() throws {
        let spec = try Spec.decode(Fixtures.runcSpec.bytes)
        #expect(String(decoding: try spec.encodedPretty(), as: UTF8.self) == Fixtures.runcSpec)
    }

    @Test func invalidJSONNamesLineAndColumn() {
        let text = "{\n\t\"ociVersion\": \"1.0.2\",\n\t\"root\": {\"path\": }\n}"
        #expect(throws: SpecError.invalidJSON(file: "config.json", detail: "line 3, column 19: unexpected character '}', expected a value")) {
            try Spec.decode(Array(text.utf8))
        }
    }
}
