import CVesselEvent
import Logging
import Testing
import VesselMemory
import VesselVirtio
import VesselVirtioDevices
import VesselVirtioTesting
#if canImport(Glibc)
import Glibc
#endif

/// virtio-net against real tap devices, each test in its own network namespace (root only).
@Suite struct NetworkDeviceTests {
    static let tap = NetworkDeviceRig.tapName
    static let checksumOffloads: UInt64 = (1 << 1) | (1 << 7) | (1 << 8) | (1 << 9)

    private func skipped() -> Bool {
        guard let reason = NetworkNamespace.skipReason else { return false }
        print("SKIP: \(reason)")
        return true
    }

    @Test func createdTapIsRemovedOnShutdownAndExistingTapIsLeftAlone() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig()
            #expect(rig.device.tap.isCreated)
            #expect(NetworkNamespace.interfaceExists(Self.tap))
            rig.device.shutdown()
            #expect(!NetworkNamespace.interfaceExists(Self.tap))

            try NetworkNamespace.command(["ip", "tuntap", "add", "dev", "vnet-kept", "mode", "tap"])
            let attached = try TapDevice(name: "vnet-kept")
            #expect(!attached.isCreated)
            attached.close()
            #expect(NetworkNamespace.interfaceExists("vnet-kept"))
        }
    }

    @Test func failedStartLeavesNoTap() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            // The tap is created, then the MTU is refused: the error must take the tap with it.
            #expect(throws: VirtioError.self) { try TapDevice(name: "vnet-fail", mtu: 10) }
            #expect(!NetworkNamespace.interfaceExists("vnet-fail"))
            let specification = NetworkDeviceSpecification(tapName: "lo")
            let loop = try DeviceEventLoop()
            #expect(throws: VirtioError.self) { try specification.makeDevice(loop: loop, logger: Logger(label: "test")) }
        }
    }

    @Test func transmittedFrameArrivesOnTheTap() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig()
            let frame = TestFrames.frame(from: TestFrames.guestMAC, to: TestFrames.hostMAC, payloadLength: 1000, seed: 7)
            // Header and frame over three descriptors, the way a driver hands over a fragmented skb.
            try rig.transmit(frame, segment: 400)
            #expect(try rig.harness.waitForUsed(rig.transmitQueue, count: 1)[0].length == 0)
            let seen = try rig.socket.receive { $0.count >= 20 && $0[14] == 7 && TestFrames.isTestFrame($0) }
            #expect(seen == frame)
        }
    }

    @Test func injectedFrameArrivesInAGuestBuffer() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig()
            try rig.postReceiveBuffers(count: 16, length: 2048)
            let frame = TestFrames.frame(from: TestFrames.hostMAC, to: TestFrames.guestMAC, payloadLength: 500, seed: 3)
            try rig.socket.send(frame)
            let received = try rig.receiveFrame { $0 == frame }
            #expect(received.buffers == 1)
            #expect(Array(received.bytes.prefix(12)) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
        }
    }

    @Test func largeFrameSpansMergedBuffersAndMTUIsConfigured() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig(mtu: 9000)
            #expect(vessel_interface_mtu(Self.tap) == 9000)
            #expect(rig.harness.driver.offeredFeatures() & (1 << 3) != 0)
            var mtu = [UInt8](repeating: 0, count: 2)
            mtu.withUnsafeMutableBytes { rig.device.readConfiguration(offset: 10, into: $0) }
            #expect(mtu == [0x28, 0x23])
            var mac = [UInt8](repeating: 0, count: 6)
            mac.withUnsafeMutableBytes { rig.device.readConfiguration(offset: 0, into: $0) }
            #expect(mac == TestFrames.guestMAC)

            try rig.postReceiveBuffers(count: 32, length: 1024)
            let frame = TestFrames.frame(from: TestFrames.hostMAC, to: TestFrames.guestMAC, payloadLength: 3000, seed: 9)
            try rig.socket.send(frame)
            let received = try rig.receiveFrame { $0 == frame }
            #expect(received.buffers == 3)
        }
    }

    @Test func frameWaitsForTheGuestWhenItHasNoBuffers() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig()
            let frame = TestFrames.frame(from: TestFrames.hostMAC, to: TestFrames.guestMAC, payloadLength: 100, seed: 5)
            try rig.socket.send(frame)
            usleep(200_000)
            #expect(try rig.receiveQueue.usedIndex() == 0)
            try rig.postReceiveBuffers(count: 4, length: 2048)
            #expect(try rig.receiveFrame { $0 == frame }.buffers == 1)
        }
    }

    @Test(arguments: [true, false])
    func checksumOffloadReachesTheGuestOnlyWhenNegotiated(offload: Bool) throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig(accept: { offload ? $0 : $0 & ~Self.checksumOffloads })
            try NetworkNamespace.command(["ip", "addr", "add", "10.99.0.1/24", "dev", Self.tap])
            try NetworkNamespace.command(["ip", "neigh", "add", "10.99.0.2", "lladdr", "52:54:00:12:34:56", "dev", Self.tap])
            try rig.postReceiveBuffers(count: 16, length: 2048)
            try sendUDP(to: "10.99.0.2", port: 9999, payload: [UInt8](repeating: 0x5A, count: 64))
            // IPv4 (0x0800), UDP (17), destination port 9999.
            let received = try rig.receiveFrame { frame in
                frame.count > 42 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 17
                    && frame[36] == 0x27 && frame[37] == 0x0F
            }
            let needsChecksum = received.bytes[0] & 1 != 0
            #expect(needsChecksum == offload)
            if offload {
                // csum_start: the UDP header after 14 + 20 bytes; csum_offset: its checksum field.
                #expect(received.bytes[6] == 34 && received.bytes[8] == 6)
            }
        }
    }

    @Test func runtAndOversizedTransmitFramesAreDroppedAndServiceGoesOn() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig()
            try rig.transmit([1, 2, 3, 4, 5])
            try rig.transmit(TestFrames.frame(from: TestFrames.guestMAC, to: TestFrames.hostMAC, payloadLength: 70_000, seed: 1))
            // A GSO header the tap rejects (TCPv4 without the checksum flag and no segment size).
            var badHeader = [UInt8](repeating: 0, count: 12)
            badHeader[1] = 1
            try rig.transmit(header: badHeader, TestFrames.frame(from: TestFrames.guestMAC, to: TestFrames.hostMAC, payloadLength: 100, seed: 2))
            let good = TestFrames.frame(from: TestFrames.guestMAC, to: TestFrames.hostMAC, payloadLength: 64, seed: 42)
            try rig.transmit(good)
            let used = try rig.harness.waitForUsed(rig.transmitQueue, count: 4)
            #expect(used.allSatisfy { $0.length == 0 })
            #expect(try rig.socket.receive { $0.count > 14 && $0[14] == 42 && TestFrames.isTestFrame($0) } == good)
            #expect(!rig.isBroken)
        }
    }

    @Test func deletedTapDropsFramesWithoutBreakingTheDevice() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            try NetworkNamespace.command(["ip", "tuntap", "add", "dev", Self.tap, "mode", "tap"])
            let rig = try NetworkDeviceRig()
            #expect(!rig.device.tap.isCreated)
            try NetworkNamespace.command(["ip", "link", "del", Self.tap])
            try rig.transmit(TestFrames.frame(from: TestFrames.guestMAC, to: TestFrames.hostMAC, payloadLength: 64, seed: 1))
            #expect(try rig.harness.waitForUsed(rig.transmitQueue, count: 1)[0].length == 0)
            try rig.postReceiveBuffers(count: 2, length: 2048)
            usleep(100_000)
            #expect(!rig.isBroken)
            #expect(try rig.receiveQueue.usedIndex() == 0)
        }
    }

    @Test func receiveChainWithoutWritableBufferBreaksTheDevice() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig()
            try rig.receiveQueue.addChain([(NetworkDeviceRig.receiveBase, 2048, false)])
            rig.harness.driver.notify(queue: 0)
            try rig.socket.send(TestFrames.frame(from: TestFrames.hostMAC, to: TestFrames.guestMAC, payloadLength: 100, seed: 1))
            try rig.harness.waitUntil { rig.isBroken }
        }
    }

    @Test func transmitChainOutsideGuestMemoryBreaksTheDevice() throws {
        if skipped() { return }
        try NetworkNamespace.run {
            let rig = try NetworkDeviceRig()
            try rig.transmitQueue.addChain([(UInt64(1) << 40, 100, false)])
            rig.harness.driver.notify(queue: 1)
            try rig.harness.waitUntil { rig.isBroken }
        }
    }

    private func sendUDP(to address: String, port: UInt16, payload: [UInt8]) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw NamespaceError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var destination = sockaddr_in()
        destination.sin_family = sa_family_t(AF_INET)
        destination.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &destination.sin_addr) == 1 else { throw NamespaceError("bad address \(address)") }
        let sent = payload.withUnsafeBytes { bytes in
            withUnsafePointer(to: &destination) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == payload.count else { throw NamespaceError("sendto: \(String(cString: strerror(errno)))") }
    }
}
