import Glibc
import Testing
import VesselOCISpec
@testable import VesselRuntime

@Suite struct RootfsMountOptionsTests {
    @Test func splitsFlagsPropagationAndData() {
        let parsed = RootfsMountOptions(["nosuid", "strictatime", "mode=755", "size=65536k", "rslave", "ro"])
        #expect(parsed.flags == UInt(MS_NOSUID | MS_STRICTATIME | MS_RDONLY))
        #expect(parsed.propagation == UInt(MS_SLAVE | MS_REC))
        #expect(parsed.dataString == "mode=755,size=65536k")
        #expect(!parsed.isBind)
    }

    @Test func laterOptionsOverrideEarlierOnes() {
        let parsed = RootfsMountOptions(["ro", "nodev", "rw", "dev", "rbind"])
        #expect(parsed.flags == UInt(MS_BIND | MS_REC))
        #expect(parsed.clearedFlags == UInt(MS_RDONLY | MS_NODEV))
        #expect(parsed.isBind && parsed.isRecursive)
        #expect(parsed.remountFlags == 0)
        #expect(parsed.dataString == nil)
    }

    @Test func bindWithReadOnlyNeedsARemount() {
        let parsed = RootfsMountOptions(["bind", "ro", "nosuid"])
        #expect(parsed.isBind && !parsed.isRecursive)
        #expect(parsed.remountFlags == UInt(MS_RDONLY | MS_NOSUID))
    }

    @Test func everyAdvertisedMountOptionIsUnderstood() {
        let known = RootfsMountOptions.knownNames
        for option in Features.vesselMountOptions {
            #expect(known.contains(option), "features lists \(option) but the parser passes it as data")
        }
    }
}
