import Testing
@testable import VesselOCISpec
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SpecErrorTests {
    private func decodeError(_ json: String) -> String {
        do {
            _ = try Spec.decode(json.bytes)
            return "no error"
        } catch {
            return error.description
        }
    }

    private func minimal(process: String = #""user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/""#,
                         linux: String = "{}") -> String {
        #"{"ociVersion": "1.0.2", "root": {"path": "rootfs"}, "process": {\#(process)}, "linux": \#(linux)}"#
    }

    @Test func wrongTypesNameTheirJSONPath() {
        let cases: [(String, String)] = [
            (minimal(process: #""user": {"uid": "root", "gid": 0}, "args": ["sh"], "cwd": "/""#),
             "config.json: process.user.uid: expected an unsigned integer"),
            (minimal(process: #""user": {"uid": 0, "gid": 0}, "args": "sh", "cwd": "/""#),
             "config.json: process.args: expected an array"),
            (minimal(process: #""user": {"uid": 0, "gid": 0}, "args": ["sh", 3], "cwd": "/""#),
             "config.json: process.args[1]: expected a string"),
            (minimal(process: #""terminal": "yes", "user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/""#),
             "config.json: process.terminal: expected a boolean"),
            (minimal(process: #""user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/", "oomScoreAdj": "x""#),
             "config.json: process.oomScoreAdj: expected an integer"),
            (minimal(linux: #"{"namespaces": [{"type": "pid"}, {"type": 7}]}"#),
             "config.json: linux.namespaces[1].type: expected a string"),
            (minimal(linux: #"{"resources": {"memory": {"limit": true}}}"#),
             "config.json: linux.resources.memory.limit: expected an integer"),
            (minimal(linux: #"{"sysctl": {"net.ipv4.ip_forward": 1}}"#),
             "config.json: linux.sysctl.net.ipv4.ip_forward: expected a string"),
            (minimal(linux: #"{"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": "x", "op": "SCMP_CMP_EQ"}]}]}}"#),
             "config.json: linux.seccomp.syscalls[0].args[0].value: expected an unsigned integer"),
            (minimal(linux: #"{"resources": "all"}"#),
             "config.json: linux.resources: expected an object"),
        ]
        for (json, expected) in cases {
            #expect(decodeError(json) == expected)
        }
    }

    @Test func missingRequiredFieldIsNamed() {
        #expect(decodeError(minimal(process: #""user": {"uid": 0}, "args": ["sh"], "cwd": "/""#))
            == "config.json: process.user.gid: required field is missing")
        #expect(decodeError(#"{"root": {"path": "r"}}"#) == "config.json: ociVersion: required field is missing")
        #expect(decodeError(minimal(process: #""user": {"uid": null, "gid": 0}, "args": ["sh"], "cwd": "/""#))
            == "config.json: process.user.uid: required field is missing")
    }

    @Test func negativeIntoUnsignedIsRejectedWithPath() {
        let message = decodeError(minimal(process: #""user": {"uid": -1, "gid": 0}, "args": ["sh"], "cwd": "/""#))
        #expect(message.hasPrefix("config.json: process.user.uid: "))
    }

    @Test func unknownNamespaceTypeIsAClearError() {
        #expect(decodeError(minimal(linux: #"{"namespaces": [{"type": "pid"}, {"type": "sound"}]}"#))
            == #"config.json: linux.namespaces[1].type: unknown namespace type "sound""#)
    }

    @Test func invalidJSONIsReportedAsSuch() {
        let message = decodeError("{\n  \"ociVersion\": \"1.0.2\",\n  \"root\": {\"path\": }\n}")
        #expect(message.hasPrefix("config.json: invalid JSON: "))
        #expect(!message.contains("\n"))
        #expect(decodeError("").hasPrefix("config.json: invalid JSON: "))
    }

    @Test func unsupportedMajorVersionIsRefused() throws {
        var spec = Spec.defaultSpec()
        spec.ociVersion = "2.0.0"
        #expect(throws: SpecError.unsupportedVersion("2.0.0")) { try spec.validate() }
        #expect(SpecError.unsupportedVersion("2.0.0").description
            == "unsupported ociVersion 2.0.0: vessel-runtime supports 1.x")
        spec.ociVersion = "1.2.0"
        try spec.validate()
        spec.ociVersion = "banana"
        #expect(throws: SpecError.self) { try spec.validate() }
    }

    @Test func validationRejectsBadFields() {
        func problem(_ change: (inout Spec) -> Void) -> String {
            var spec = Spec.defaultSpec()
            change(&spec)
            do {
                try spec.validate()
                return "valid"
            } catch {
                return error.description
            }
        }
        #expect(problem { _ in } == "valid")
        #expect(problem { $0.process?.args = [] } == "config.json: process.args: must name at least the program to run")
        #expect(problem { $0.process?.cwd = "home" } == #"config.json: process.cwd: must be an absolute path, got "home""#)
        #expect(problem { $0.root = nil } == "config.json: root.path: is required")
        #expect(problem { $0.mounts?[1].destination = "dev" }
            == #"config.json: mounts[1].destination: must be an absolute path, got "dev""#)
        #expect(problem { $0.hooks = Hooks(poststart: [Hook(path: "hook")]) }
            == #"config.json: hooks.poststart[0].path: must be an absolute path, got "hook""#)
        #expect(problem { $0.process?.rlimits?.append(POSIXRlimit(type: "RLIMIT_NOFILE", hard: 1, soft: 1)) }
            == "config.json: process.rlimits[1].type: rlimit RLIMIT_NOFILE is set twice")
        #expect(problem { $0.process?.rlimits = [POSIXRlimit(type: "RLIMIT_BOGUS", hard: 1, soft: 1)] }
            == #"config.json: process.rlimits[0].type: unknown rlimit "RLIMIT_BOGUS""#)
        #expect(problem { $0.linux?.namespaces?.append(LinuxNamespace(type: .pid)) }
            == "config.json: linux.namespaces[6].type: namespace pid is listed twice")
        #expect(problem { $0.linux?.namespaces?.removeAll { $0.type == .uts } }
            == "config.json: hostname: setting the hostname needs a uts namespace")
        #expect(problem { $0.linux?.namespaces?.append(LinuxNamespace(type: .user)) }
            == "config.json: linux.uidMappings: a new user namespace needs uid mappings")
        #expect(problem { $0.linux?.rootfsPropagation = "sideways" }
            == #"config.json: linux.rootfsPropagation: unknown propagation "sideways""#)
        #expect(problem { $0.linux?.maskedPaths?.append("proc/x") }
            == #"config.json: linux.maskedPaths[10]: must be an absolute path, got "proc/x""#)
        #expect(problem { $0.linux?.devices = [LinuxDevice(path: "/dev/x", type: "z", major: 1, minor: 1)] }
            == #"config.json: linux.devices[0].type: must be c, u, b or p, got "z""#)
    }

    @Test func sysctlMustBelongToAnOwnedNamespace() {
        let all: Set<LinuxNamespaceType> = [.ipc, .network, .uts]
        #expect(Spec.sysctlProblem(key: "net.ipv4.ip_forward", namespaces: all, hostname: nil) == nil)
        #expect(Spec.sysctlProblem(key: "net/ipv4/ip_forward", namespaces: all, hostname: nil) == nil)
        #expect(Spec.sysctlProblem(key: "kernel.shmmax", namespaces: all, hostname: nil) == nil)
        #expect(Spec.sysctlProblem(key: "fs.mqueue.msg_max", namespaces: all, hostname: nil) == nil)
        #expect(Spec.sysctlProblem(key: "kernel.domainname", namespaces: all, hostname: "h") == nil)
        #expect(Spec.sysctlProblem(key: "kernel.hostname", namespaces: all, hostname: "h") != nil)
        #expect(Spec.sysctlProblem(key: "net.ipv4.ip_forward", namespaces: [.ipc], hostname: nil)
            == "sysctl net.ipv4.ip_forward needs a network namespace")
        #expect(Spec.sysctlProblem(key: "kernel.sem", namespaces: [.network], hostname: nil)
            == "sysctl kernel.sem needs an ipc namespace")
        #expect(Spec.sysctlProblem(key: "vm.swappiness", namespaces: all, hostname: nil)
            == "sysctl vm.swappiness is not in a namespace the container owns")
    }

    @Test func loadReportsMissingFileAndReadsBundle() throws {
        let directory = "/tmp/vessel-ocispec-\(getpid())"
        #expect(mkdir(directory, 0o700) == 0)
        defer {
            unlink(directory + "/config.json")
            rmdir(directory)
        }
        #expect(throws: SpecError.fileNotFound(path: directory + "/config.json")) {
            try Spec.load(bundle: directory)
        }
        let fd = open(directory + "/config.json", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        let bytes = Fixtures.runcSpec.bytes
        #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
        close(fd)
        let spec = try Spec.load(bundle: directory)
        #expect(spec.hostname == "runc")
    }
}

@Suite struct ProcessDocumentTests {
    @Test func execProcessDocumentLoadsAndValidates() throws {
        let path = "/tmp/vessel-process-\(getpid()).json"
        defer { unlink(path) }
        func store(_ text: String) {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        store(#"{"user": {"uid": 1000, "gid": 1000}, "args": ["ls", "-l"], "env": ["A=1"], "cwd": "/tmp", "terminal": false}"#)
        let process = try ProcessSpec.load(path: path)
        #expect(process.args == ["ls", "-l"] && process.user.uid == 1000 && process.cwd == "/tmp")
        store(#"{"user": {"uid": 0, "gid": 0}, "args": ["ls"], "env": ["=x"], "cwd": "/"}"#)
        #expect(throws: SpecError.invalidValue(file: path, field: "process.env[0]", detail: #""=x" is not KEY=VALUE"#)) {
            try ProcessSpec.load(path: path)
        }
    }
}
