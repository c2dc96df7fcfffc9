import VesselKVM

/// Opens /dev/kvm for tests, or explains why a test is skipped.
enum KVMTestHost {
    static func openSystem(_ test: String = #function) -> KVMSystem? {
        do {
            return try KVMSystem()
        } catch {
            print("SKIP: \(test): \(error)")
            return nil
        }
    }
}
