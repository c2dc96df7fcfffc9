import Foundation
import Logging
import Testing
import VesselMemory
import VesselVirtio
import VesselVirtioDevices
import VesselVirtioTesting
#if canImport(Glibc)
import Glibc
#endif

/// The vsock device driven through its queues in guest memory, with real Unix sockets on the host side.
@Suite struct VsockDeviceTests {
    static func pattern(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    /// Host connects and asks for guest port `port`; the guest accepts. Returns the host stream and host port.
    func openFromHost(_ guest: VsockGuestDriver, port: UInt32) throws -> (UnixStream, UInt32) {
        let host = try UnixStream.connect(to: guest.socketPath)
        try host.write("CONNECT \(port)\n")
        let request = try guest.next(.request)
        #expect(request.header.sourceCID == 2)
        #expect(request.header.destinationCID == guest.guestCID)
        #expect(request.header.destinationPort == port)
        #expect(request.header.bufferAllocation > 0)
        let hostPort = request.header.sourcePort
        try guest.send(guest.header(.response, guestPort: port, hostPort: hostPort))
        #expect(try host.readLine() == "OK \(hostPort)")
        return (host, hostPort)
    }

    @Test func configurationSpaceHoldsTheGuestCID() throws {
        let guest = try VsockGuestDriver(guestCID: 0x1_2345_6789)
        var bytes = [UInt8](repeating: 0xFF, count: 12)
        bytes.withUnsafeMutableBytes { guest.harness.device.readConfiguration(offset: 0, into: $0) }
        #expect(bytes == [0x89, 0x67, 0x45, 0x23, 0x01, 0, 0, 0, 0, 0, 0, 0])
        #expect(guest.harness.device.deviceType == .socket)
        #expect(guest.harness.device.queueMaximumSizes.count == 3)
    }

    @Test func hostInitiatedConnectGetsOKAndCarriesDataBothWays() throws {
        let guest = try VsockGuestDriver()
        let (host, hostPort) = try openFromHost(guest, port: 5000)
        #expect(hostPort >= 1 << 30)
        try host.write("ping from host")
        let packet = try guest.next(.readWrite)
        #expect(packet.payload == Array("ping from host".utf8))
        #expect(packet.header.destinationPort == 5000 && packet.header.sourcePort == hostPort)
        let reply = Array("pong from guest".utf8)
        try guest.send(guest.header(.readWrite, guestPort: 5000, hostPort: hostPort, length: UInt32(reply.count)),
                       payload: reply)
        #expect(try host.read(count: reply.count) == reply)
    }

    @Test func hostRequestForAPortTheGuestRefusesIsClosed() throws {
        let guest = try VsockGuestDriver()
        let host = try UnixStream.connect(to: guest.socketPath)
        try host.write("CONNECT 6000\n")
        let request = try guest.next(.request)
        try guest.send(guest.header(.reset, guestPort: 6000, hostPort: request.header.sourcePort))
        #expect(try host.readLine() == nil)
    }

    @Test func hostRequestTheGuestNeverAnswersTimesOut() throws {
        let guest = try VsockGuestDriver()
        let host = try UnixStream.connect(to: guest.socketPath)
        try host.write("CONNECT 6001\n")
        let request = try guest.next(.request)
        // No RESPONSE: after the request timeout the guest gets RST and the host socket closes.
        let reset = try guest.next(.reset, seconds: 10)
        #expect(reset.header.destinationPort == 6001 && reset.header.sourcePort == request.header.sourcePort)
        #expect((try? host.readLine()) ?? nil == nil)
    }

    @Test(arguments: ["CONNECT\n", "CONNECT x\n", "LISTEN 5\n", "CONNECT 99999999999\n", String(repeating: "C", count: 100)])
    func malformedConnectLineClosesTheHostSocket(line: String) throws {
        let guest = try VsockGuestDriver()
        let host = try UnixStream.connect(to: guest.socketPath)
        try host.write(line)
        // Closed with unread bytes, the socket may report a reset instead of end-of-stream.
        #expect((try? host.readLine()) ?? nil == nil)
        #expect(try guest.drain(for: 0.2).isEmpty)
    }

    @Test func guestInitiatedConnectionReachesPathUnderscorePort() throws {
        let guest = try VsockGuestDriver()
        let listener = try guest.listenForGuest(port: 7000)
        try guest.send(guest.header(.request, guestPort: 1234, hostPort: 7000))
        let response = try guest.next(.response)
        #expect(response.header.destinationPort == 1234 && response.header.sourcePort == 7000)
        let host = try listener.accept()
        let upload = Self.pattern(10_000, seed: 1)
        for chunk in stride(from: 0, to: upload.count, by: 3000) {
            let part = Array(upload[chunk..<min(chunk + 3000, upload.count)])
            try guest.send(guest.header(.readWrite, guestPort: 1234, hostPort: 7000, length: UInt32(part.count)), payload: part)
        }
        #expect(try host.read(count: upload.count) == upload)
        let download = Self.pattern(20_000, seed: 2)
        try host.write(download)
        #expect(try guest.receiveData(guestPort: 1234, hostPort: 7000, count: download.count) == download)

        // The guest closes: the host reads end-of-stream and the device ends the stream with RST.
        try guest.send(guest.header(.shutdown, guestPort: 1234, hostPort: 7000, flags: 3))
        #expect(try host.read(count: 1).isEmpty)
        #expect(try guest.next(.reset).header.destinationPort == 1234)
    }

    @Test func guestConnectionToAPortNobodyListensOnGetsRST() throws {
        let guest = try VsockGuestDriver()
        try guest.send(guest.header(.request, guestPort: 1300, hostPort: 7001))
        let reset = try guest.next(.reset)
        #expect(reset.header.destinationPort == 1300 && reset.header.sourcePort == 7001)
        #expect(reset.header.destinationCID == guest.guestCID)
    }

    @Test func hostHalfCloseBecomesShutdownAndTheGuestStillSends() throws {
        let guest = try VsockGuestDriver()
        let (host, hostPort) = try openFromHost(guest, port: 5001)
        try host.write("last words")
        host.shutdownWrite()
        #expect(try guest.next(.readWrite).payload == Array("last words".utf8))
        let shutdown = try guest.next(.shutdown)
        #expect(shutdown.header.flags & 2 != 0)
        let reply = Array("reply after shutdown".utf8)
        try guest.send(guest.header(.readWrite, guestPort: 5001, hostPort: hostPort, length: UInt32(reply.count)),
                       payload: reply)
        #expect(try host.read(count: reply.count) == reply)
        // The guest ends its side too: the stream is over, the host sees end-of-stream.
        try guest.send(guest.header(.shutdown, guestPort: 5001, hostPort: hostPort, flags: 2))
        #expect(try guest.next(.reset).header.destinationPort == 5001)
        #expect(try host.read(count: 1).isEmpty)
    }

    @Test func smallGuestBufferIsNeverOverrun() throws {
        let guest = try VsockGuestDriver()
        let listener = try guest.listenForGuest(port: 7002)
        try guest.send(guest.header(.request, guestPort: 1400, hostPort: 7002, bufferAllocation: 4096))
        _ = try guest.next(.response)
        let host = try listener.accept()
        let data = Self.pattern(64 * 1024, seed: 3)
        try host.write(data)

        func collectPayload(for seconds: Double) throws -> [UInt8] {
            try guest.drain(for: seconds).filter { $0.operation == .readWrite }.flatMap(\.payload)
        }
        var received = try collectPayload(for: 0.5)
        #expect(received.count == 4096, "the device sent \(received.count) bytes against a 4096-byte credit")
        // The guest consumed 4096 bytes: exactly 4096 more may come.
        try guest.send(guest.header(.creditUpdate, guestPort: 1400, hostPort: 7002, bufferAllocation: 4096, forwardCount: 4096))
        received += try collectPayload(for: 0.5)
        #expect(received.count == 8192)
        // A larger buffer lets the rest through, in order.
        try guest.send(guest.header(.creditUpdate, guestPort: 1400, hostPort: 7002, bufferAllocation: 1 << 20, forwardCount: 8192))
        received += try guest.receiveData(guestPort: 1400, hostPort: 7002, count: data.count - received.count)
        #expect(received == data)
    }

    @Test func deviceAnnouncesCreditAsTheHostConsumes() throws {
        let guest = try VsockGuestDriver()
        let listener = try guest.listenForGuest(port: 7003)
        try guest.send(guest.header(.request, guestPort: 1500, hostPort: 7003))
        let response = try guest.next(.response)
        let allocation = Int(response.header.bufferAllocation)
        #expect(allocation >= 64 * 1024)
        let host = try listener.accept()
        // Send twice the advertised buffer, waiting for credit like a driver must; the host reads meanwhile.
        var sent = 0
        var forwarded = Int(response.header.forwardCount)
        let chunk = Self.pattern(16 * 1024, seed: 4)
        var hostReceived = 0
        try guest.harness.waitUntil(seconds: 20) {
            if sent - forwarded + chunk.count <= allocation {
                try guest.send(guest.header(.readWrite, guestPort: 1500, hostPort: 7003, length: UInt32(chunk.count)), payload: chunk)
                sent += chunk.count
            } else {
                if hostReceived < sent { hostReceived += try host.read(count: min(chunk.count, sent - hostReceived)).count }
                for update in try guest.drain(for: 0.01) where update.operation == .creditUpdate {
                    forwarded = max(forwarded, Int(update.header.forwardCount))
                }
            }
            return sent >= 2 * allocation
        }
        hostReceived += try host.read(count: sent - hostReceived).count
        #expect(hostReceived == sent)
        // Only credit updates let the guest send more than one buffer's worth.
        #expect(forwarded >= sent - allocation)
    }

    @Test func creditRequestIsAnsweredWithCreditUpdate() throws {
        let guest = try VsockGuestDriver()
        let (host, hostPort) = try openFromHost(guest, port: 5002)
        try guest.send(guest.header(.creditRequest, guestPort: 5002, hostPort: hostPort))
        let update = try guest.next(.creditUpdate)
        #expect(update.header.destinationPort == 5002 && update.header.bufferAllocation > 0)
        withExtendedLifetime(host) {}
    }

    @Test func manyConnectionsAtOnceKeepTheirData() throws {
        let guest = try VsockGuestDriver()
        let listener = try guest.listenForGuest(port: 7004)
        let count = 24
        var hosts: [UnixStream] = []
        for index in 0..<count {
            try guest.send(guest.header(.request, guestPort: 2000 + UInt32(index), hostPort: 7004))
            _ = try guest.next(.response)
            hosts.append(try listener.accept())
        }
        // Each host stream learns its guest port from the first bytes the guest sends on it.
        for index in 0..<count {
            let payload = Array("stream \(2000 + index)\n".utf8)
            try guest.send(guest.header(.readWrite, guestPort: 2000 + UInt32(index), hostPort: 7004,
                                        length: UInt32(payload.count)), payload: payload)
        }
        var portsByHost: [Int: UInt32] = [:]
        for (position, host) in hosts.enumerated() {
            let line = try #require(try host.readLine())
            let port = try #require(UInt32(String(line.dropFirst("stream ".count)), radix: 10))
            portsByHost[position] = port
        }
        #expect(Set(portsByHost.values).count == count)
        // All hosts write at once; every guest port gets exactly its own bytes.
        for (position, host) in hosts.enumerated() {
            try host.write(Self.pattern(9000, seed: UInt8(portsByHost[position]! % 251)))
        }
        var received: [UInt32: [UInt8]] = [:]
        try guest.harness.waitUntil(seconds: 10) {
            for packet in try guest.drain(for: 0.05) where packet.operation == .readWrite {
                received[packet.header.destinationPort, default: []] += packet.payload
            }
            return received.values.reduce(0) { $0 + $1.count } >= 9000 * count
        }
        for port in portsByHost.values {
            #expect(received[port] == Self.pattern(9000, seed: UInt8(port % 251)), "guest port \(port)")
        }
    }

    @Test func malformedPacketsAreDroppedOrResetWithoutBreakingTheDevice() throws {
        let guest = try VsockGuestDriver()
        // Shorter than a header: dropped.
        try guest.send(guest.header(.request, guestPort: 1, hostPort: 7005), rawHeader: Array(repeating: 0xAB, count: 20))
        // From another CID: dropped without an answer.
        var foreign = guest.header(.request, guestPort: 2, hostPort: 7005)
        foreign.sourceCID = 77
        try guest.send(foreign)
        #expect(try guest.drain(for: 0.3).isEmpty)
        // A length beyond the buffer, a payload over 64 KiB, a bad type, an unknown op, another destination: RST.
        try guest.send(guest.header(.readWrite, guestPort: 3, hostPort: 7005, length: 4096), payload: [1, 2, 3])
        try guest.send(guest.header(.readWrite, guestPort: 4, hostPort: 7005, length: 70_000),
                       payload: [UInt8](repeating: 0, count: 70_000))
        var datagram = guest.header(.request, guestPort: 5, hostPort: 7005)
        datagram.type = 2
        try guest.send(datagram)
        var unknown = guest.header(.request, guestPort: 6, hostPort: 7005)
        unknown.operation = 99
        try guest.send(unknown)
        var elsewhere = guest.header(.request, guestPort: 7, hostPort: 7005)
        elsewhere.destinationCID = 9
        try guest.send(elsewhere)
        // Data, credit and shutdown for streams that do not exist: RST.
        try guest.send(guest.header(.readWrite, guestPort: 8, hostPort: 7005, length: 1), payload: [1])
        try guest.send(guest.header(.response, guestPort: 9, hostPort: 7005))
        let resets = try (0..<7).map { _ in try guest.next(seconds: 5) }
        #expect(resets.allSatisfy { $0.operation == .reset })
        #expect(Set(resets.map(\.header.destinationPort)) == [3, 4, 5, 6, 7, 8, 9])
        // An RST for an unknown stream is not answered.
        try guest.send(guest.header(.reset, guestPort: 10, hostPort: 7005))
        #expect(try guest.drain(for: 0.3).isEmpty)
        // The device still serves.
        #expect(guest.harness.driver.status & 64 == 0)
        let (host, _) = try openFromHost(guest, port: 5003)
        try host.write("still alive")
        #expect(try guest.next(.readWrite).payload == Array("still alive".utf8))
    }

    @Test func guestSendingBeyondItsCreditIsReset() throws {
        let guest = try VsockGuestDriver()
        let listener = try guest.listenForGuest(port: 7006)
        try guest.send(guest.header(.request, guestPort: 1600, hostPort: 7006))
        let allocation = Int(try guest.next(.response).header.bufferAllocation)
        let host = try listener.accept()
        _ = host
        // Nobody reads on the host side; the socket buffer takes some, the device's buffer the rest.
        let chunk = [UInt8](repeating: 7, count: 64 * 1024)
        var reset = false
        for _ in 0..<(allocation / chunk.count + 64) where !reset {
            try guest.send(guest.header(.readWrite, guestPort: 1600, hostPort: 7006, length: UInt32(chunk.count)), payload: chunk)
            reset = try guest.drain(for: 0.01).contains { $0.operation == .reset }
        }
        #expect(reset)
        #expect(guest.harness.driver.status & 64 == 0)
    }

    @Test func transmitChainOutsideGuestMemoryBreaksTheDevice() throws {
        let guest = try VsockGuestDriver()
        let queue = guest.harness.queues[1]
        try queue.addChain([(UInt64(1) << 40, 64, false)])
        guest.harness.driver.notify(queue: 1)
        try guest.harness.waitUntil { guest.harness.driver.status & 64 != 0 }
    }

    @Test func shutdownRemovesTheSocketFile() throws {
        let guest = try VsockGuestDriver()
        #expect(access(guest.socketPath, F_OK) == 0)
        guest.harness.device.shutdown()
        #expect(access(guest.socketPath, F_OK) != 0)
    }
}
