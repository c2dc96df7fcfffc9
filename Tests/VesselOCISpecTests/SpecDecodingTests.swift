import Testing
@testable import VesselOCISpec

@Suite struct SpecDecodingTests {
    @Test func decodesRuncSpecOutput() throws {
        let spec = try Spec.decode(Fixtures.runcSpec.bytes)
        #expect(spec.ociVersion == "1.0.2-dev")
        let process = try #require(spec.process)
        #expect(process.terminal == true)
        #expect(process.args == ["sh"])
        #expect(process.user.uid == 0 && process.user.gid == 0)
        #expect(process.capabilities?.ambient == ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"])
        #expect(process.capabilities?.inheritable == nil)
        #expect(process.rlimits == [POSIXRlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)])
        #expect(spec.root == Root(path: "rootfs", readonly: true))
        #expect(spec.mounts?.map(\.destination) == [
            "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup",
        ])
        #expect(spec.mounts?[2].options?.contains("ptmxmode=0666") == true)
        #expect(spec.linux?.namespaces?.map(\.type) == [.pid, .network, .ipc, .uts, .mount])
        #expect(spec.linux?.resources?.devices == [LinuxDeviceCgroup(allow: false, access: "rwm")])
        #expect(spec.linux?.maskedPaths?.count == 10)
        try spec.validate()
    }

    @Test func decodesContainerdShapeAndIgnoresUnknownFields() throws {
        let spec = try Spec.decode(Fixtures.containerdSpec.bytes)
        let process = try #require(spec.process)
        #expect(process.user == ProcessUser(uid: 65534, gid: 65534, umask: 18, additionalGids: [65534, 10]))
        #expect(process.oomScoreAdj == -998)
        #expect(process.ioPriority == IOPriority(class: "IOPRIO_CLASS_BE", priority: 4))
        #expect(process.capabilities?.inheritable == [])
        #expect(spec.mounts?[1].uidMappings == [LinuxIDMapping(containerID: 0, hostID: 100000, size: 65536)])
        #expect(spec.hooks?.createRuntime?.first == Hook(
            path: "/usr/bin/nvidia-hook", args: ["nvidia-hook", "prestart"], env: ["A=1"], timeout: 5))
        #expect(spec.hooks?.poststop?.first?.path == "/bin/true")
        #expect(spec.annotations?["io.kubernetes.cri.sandbox-id"] == "abc")
        let linux = try #require(spec.linux)
        #expect(linux.namespaces?.last == LinuxNamespace(type: .cgroup))
        #expect(linux.namespaces?[4] == LinuxNamespace(type: .network, path: "/var/run/netns/cni-1234"))
        let resources = try #require(linux.resources)
        #expect(resources.memory?.limit == 104_857_600)
        #expect(resources.memory?.swap == -1)
        #expect(resources.cpu?.quota == 50000 && resources.cpu?.cpus == "0-1")
        #expect(resources.pids?.limit == 1024)
        #expect(resources.blockIO?.throttleReadBpsDevice == [LinuxThrottleDevice(major: 8, minor: 0, rate: 1_048_576)])
        #expect(resources.hugepageLimits == [LinuxHugepageLimit(pageSize: "2MB", limit: 0)])
        #expect(resources.network?.priorities == [LinuxInterfacePriority(name: "eth0", priority: 5)])
        #expect(resources.rdma?["mlx5_1"] == LinuxRdma(hcaHandles: 3, hcaObjects: 10000))
        #expect(resources.unified == ["memory.high": "90000000"])
        #expect(linux.devices == [LinuxDevice(path: "/dev/fuse", type: "c", major: 10, minor: 229, fileMode: 438, uid: 0, gid: 0)])
        let seccomp = try #require(linux.seccomp)
        #expect(seccomp.defaultAction == "SCMP_ACT_ERRNO" && seccomp.defaultErrnoRet == 1)
        #expect(seccomp.syscalls?.count == 3)
        #expect(seccomp.syscalls?[1].args == [LinuxSeccompArg(index: 0, value: 4_294_967_295, valueTwo: 0, op: "SCMP_CMP_EQ")])
        #expect(seccomp.syscalls?[2].errnoRet == 38)
        #expect(linux.rootfsPropagation == "rslave")
        #expect(linux.personality == LinuxPersonality(domain: "LINUX"))
        #expect(linux.intelRdt?.closID == "guaranteed")
        #expect(linux.sysctl?["kernel.shm_rmid_forced"] == "1")
        try spec.validate()
    }

    @Test func fullRangeUnsignedValuesSurvive() throws {
        let json = #"{"index": 1, "value": 18446744073709551615, "op": "SCMP_CMP_NE"}"#
        let arg = try SpecJSON.decode(LinuxSeccompArg.self, from: json.bytes, name: "arg")
        #expect(arg.value == UInt64.max)
    }

    @Test func roundTripPreservesEveryField() throws {
        for text in [Fixtures.runcSpec, Fixtures.containerdSpec] {
            let spec = try Spec.decode(text.bytes)
            let again = try Spec.decode(try spec.encodedPretty())
            #expect(again == spec)
        }
    }

    @Test func stateRoundTripsAndUsesStatusNames() throws {
        let state = State(id: "c1", pid: 4242, status: .created, bundle: "/b", annotations: ["k": "v"])
        let bytes = try SpecJSON.encodeCompact(state)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""status":"created""#))
        #expect(text.contains(#""bundle":"/b""#))
        #expect(try SpecJSON.decode(State.self, from: bytes, name: "state.json") == state)
        let bad = #"{"ociVersion":"1.0.2","id":"x","pid":1,"status":"sleeping","bundle":"/"}"#
        #expect(throws: SpecError.self) { try SpecJSON.decode(State.self, from: bad.bytes, name: "state.json") }
    }
}
