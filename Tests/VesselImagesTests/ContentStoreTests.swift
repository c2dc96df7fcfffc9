import Foundation
import Testing
@testable import VesselImages

@Suite struct ContentStoreTests {
    @Test func verifiedBlobsAreStoredUnderTheirDigest() throws {
        let root = try TestSupport.temporaryDirectory("content")
        defer { TestSupport.removeTree(root) }
        let store = try ContentStore(directory: root)
        let bytes = Array("hello blob".utf8)
        let expected = try Digest(hex: TestSupport.sha256(bytes))
        let digest = try store.write(Data(bytes), expected: expected)
        #expect(digest == expected)
        #expect(try store.data(of: digest) == Data(bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.ingestDirectory).isEmpty)
    }

    @Test func aMismatchedBlobIsRefusedAndNothingIsCommitted() throws {
        let root = try TestSupport.temporaryDirectory("content")
        defer { TestSupport.removeTree(root) }
        let store = try ContentStore(directory: root)
        let claimed = try Digest(hex: TestSupport.sha256(Array("the real content".utf8)))
        #expect {
            try store.write(Data("tampered content".utf8), expected: claimed)
        } throws: { error in
            (error as? ImageError)?.code == .corrupt && "\(error)".contains("does not match")
        }
        #expect(store.allDigests().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.ingestDirectory).isEmpty)
    }

    @Test func concurrentWritersOfTheSameBlobAgree() async throws {
        let root = try TestSupport.temporaryDirectory("content")
        defer { TestSupport.removeTree(root) }
        let store = try ContentStore(directory: root)
        let bytes = [UInt8]((0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let expected = try Digest(hex: TestSupport.sha256(bytes))
        try await withThrowingTaskGroup(of: Digest.self) { group in
            for _ in 0..<8 {
                group.addTask { try store.write(Data(bytes), expected: expected) }
            }
            for try await digest in group { #expect(digest == expected) }
        }
        #expect(store.allDigests() == [expected])
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.path(of: expected))) == Data(bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.ingestDirectory).isEmpty)
    }
}
