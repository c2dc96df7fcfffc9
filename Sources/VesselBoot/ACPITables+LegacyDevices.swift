extension ACPITables {
    /// Which legacy devices the FADT's IA-PC boot architecture flags announce.
    public struct LegacyDevices: Sendable, Equatable {
        public var i8042: Bool
        public var cmosRTC: Bool

        public init(i8042: Bool = true, cmosRTC: Bool = false) {
            self.i8042 = i8042
            self.cmosRTC = cmosRTC
        }
    }
}
