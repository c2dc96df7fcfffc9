import Foundation

/// Gives a harness, or prints why the test cannot run here and returns nil.
enum TestEnvironment {
    static func harness(_ test: String = #function) -> RuntimeHarness? {
        guard BusyboxBundle.available() else {
            print("SKIP \(test): /bin/busybox (busybox-static) is missing")
            return nil
        }
        let (harness, reason) = RuntimeHarness.make()
        guard let harness else {
            print("SKIP \(test): \(reason)")
            return nil
        }
        return harness
    }

    static func uniqueID(_ base: String) -> String {
        "\(base)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    }

    static func readlink(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
    }
}
