import Testing
import VesselCgroups

@Suite struct CgroupConversionTests {
    @Test func cpuSharesToWeight() {
        #expect(CgroupConversion.cpuWeight(fromShares: 0) == 0)
        #expect(CgroupConversion.cpuWeight(fromShares: 2) == 1)
        #expect(CgroupConversion.cpuWeight(fromShares: 1024) == 39)
        #expect(CgroupConversion.cpuWeight(fromShares: 262_144) == 10_000)
        #expect(CgroupConversion.cpuWeight(fromShares: 1) == 1)
        #expect(CgroupConversion.cpuWeight(fromShares: 1_000_000) == 10_000)
    }

    @Test func blockIOWeightToIOWeight() {
        #expect(CgroupConversion.ioWeight(fromBlockIOWeight: 10) == 1)
        #expect(CgroupConversion.ioWeight(fromBlockIOWeight: 500) == 4950)
        #expect(CgroupConversion.ioWeight(fromBlockIOWeight: 1000) == 10_000)
    }

    @Test func memorySwapSemantics() throws {
        #expect(try CgroupConversion.memorySwapMax(swap: 300, memory: 100) == 200)
        #expect(try CgroupConversion.memorySwapMax(swap: 100, memory: 100) == 0)
        #expect(try CgroupConversion.memorySwapMax(swap: -1, memory: 100) == -1)
        #expect(try CgroupConversion.memorySwapMax(swap: nil, memory: -1) == -1)
        #expect(try CgroupConversion.memorySwapMax(swap: nil, memory: 100) == nil)
        #expect(try CgroupConversion.memorySwapMax(swap: 0, memory: 100) == nil)
        #expect(throws: CgroupError.self) { try CgroupConversion.memorySwapMax(swap: 50, memory: 100) }
        #expect(throws: CgroupError.self) { try CgroupConversion.memorySwapMax(swap: 50, memory: nil) }
        #expect(throws: CgroupError.self) { try CgroupConversion.memorySwapMax(swap: 50, memory: -1) }
        #expect(CgroupConversion.v2Limit(-1) == "max")
        #expect(CgroupConversion.v2Limit(4096) == "4096")
    }

    @Test func cpuMaxFormatting() {
        #expect(CgroupConversion.cpuMax(quota: nil, period: nil) == nil)
        #expect(CgroupConversion.cpuMax(quota: 50_000, period: 100_000) == "50000 100000")
        #expect(CgroupConversion.cpuMax(quota: -1, period: 100_000) == "max 100000")
        #expect(CgroupConversion.cpuMax(quota: 20_000, period: nil) == "20000")
        #expect(CgroupConversion.cpuMax(quota: -1, period: nil) == "max")
    }

    @Test func deviceRuleLines() throws {
        #expect(CgroupDeviceRule(allow: false).v1Line == "a *:* rwm")
        #expect(try CgroupDeviceRule(allow: true, ociType: "c", major: 1, minor: 3, access: "rw").v1Line == "c 1:3 rw")
        #expect(try CgroupDeviceRule(allow: true, ociType: "b", major: 8, minor: nil, access: nil).v1Line == "b 8:* rwm")
        #expect(throws: CgroupError.self) { try CgroupDeviceRule(allow: true, ociType: "x", major: nil, minor: nil, access: nil) }
        #expect(throws: CgroupError.self) { try CgroupDeviceRule(allow: true, ociType: "c", major: 1, minor: 3, access: "rwx") }
    }
}
