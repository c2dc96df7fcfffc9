import Testing
import VesselVirtio
import VesselVirtioDevices

@Suite struct NetworkDeviceSpecificationTests {
    @Test func parsesEveryKey() throws {
        let specification = try NetworkDeviceSpecification(parsing: "tap=tap0,mac=52:54:00:ab:cd:ef,mtu=9000,id=uplink")
        #expect(specification.tapName == "tap0")
        #expect(specification.mac?.description == "52:54:00:ab:cd:ef")
        #expect(specification.mtu == 9000)
        #expect(specification.identifier == "uplink")
        let plain = try NetworkDeviceSpecification(parsing: "tap=tap1")
        #expect(plain.mac == nil && plain.mtu == nil && plain.identifier == "net-tap1")
    }

    @Test(arguments: [
        "", "tap=", "mac=52:54:00:00:00:01", "tap=t0,tap=t1", "tap=t0,speed=10", "tap=t0,", "tap",
        "tap=averyverylongname0", "tap=a/b", "tap=a:b", "tap=..", "tap=t0,mac=52:54:00:00:00",
        "tap=t0,mac=01:00:5e:00:00:01", "tap=t0,mac=zz:54:00:00:00:01", "tap=t0,mtu=67", "tap=t0,mtu=65536", "tap=t0,mtu=x",
    ])
    func rejectsMalformedValuesWithOneLine(value: String) {
        #expect {
            try NetworkDeviceSpecification(parsing: value)
        } throws: { error in
            guard case let VirtioError.invalidConfiguration(message) = error else { return false }
            return message.hasPrefix("--net \(value):") && !message.contains("\n")
        }
    }

    @Test func randomAddressesAreLocallyAdministeredUnicast() {
        let addresses = (0..<64).map { _ in MACAddress.random() }
        #expect(addresses.allSatisfy { $0.bytes[0] & 0x03 == 0x02 && $0.bytes.count == 6 })
        #expect(Set(addresses).count > 1)
        #expect(MACAddress(addresses[0].description) == addresses[0])
    }
}
