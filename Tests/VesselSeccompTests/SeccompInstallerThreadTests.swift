import Foundation
import Testing
import VesselSeccomp

/// Exercises the Swift install path for real on a dedicated thread: filters and no_new_privs are per-thread
/// without TSYNC, so the rest of the test process stays unfiltered.
@Suite struct SeccompInstallerThreadTests {
    final class Result: @unchecked Sendable {
        var status = ""
        var error: SeccompError?
        var listener: Int32?
    }

    static func onDedicatedThread(_ body: @escaping @Sendable (Result) -> Void) -> Result {
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body(result)
            done.signal()
        }
        thread.start()
        done.wait()
        return result
    }

    @Test func installFiltersTheCallingThreadOnly() throws {
        let result = Self.onDedicatedThread { result in
            do {
                try SeccompInstaller.setNoNewPrivileges()
                let filter = SeccompFilter(defaultAction: .allow, rules: [SeccompRule(names: ["uselib"], action: .errno(42))])
                result.listener = try filter.install()
                result.status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
            } catch {
                result.error = error as? SeccompError ?? .installFailed(errno: -1)
            }
        }
        #expect(result.error == nil)
        #expect(result.listener == nil)
        #expect(result.status.contains("Seccomp:\t2"))
        #expect(result.status.contains("NoNewPrivs:\t1"))
        let mine = try String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)
        #expect(mine.contains("Seccomp:\t0"))
    }

    @Test func notifyFiltersReturnAListenerDescriptor() throws {
        let result = Self.onDedicatedThread { result in
            do {
                try SeccompInstaller.setNoNewPrivileges()
                let filter = SeccompFilter(defaultAction: .allow, rules: [SeccompRule(names: ["uselib"], action: .notify)])
                result.listener = try filter.install()
            } catch {
                result.error = error as? SeccompError ?? .installFailed(errno: -1)
            }
        }
        #expect(result.error == nil)
        let listener = try #require(result.listener)
        #expect(listener >= 0)
        #expect(close(listener) == 0)
    }

    @Test func invalidFlagsAreReportedWithErrno() {
        let result = Self.onDedicatedThread { result in
            do {
                try SeccompInstaller.setNoNewPrivileges()
                let program = try SeccompCompiler.compile(SeccompFilter(defaultAction: .allow))
                try SeccompInstaller.install(program, flags: SeccompFilterFlags(rawValue: 1 << 30))
            } catch {
                result.error = error as? SeccompError ?? .installFailed(errno: -1)
            }
        }
        #expect(result.error == SeccompError.installFailed(errno: 22))
    }
}
