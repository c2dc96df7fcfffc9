#if canImport(Glibc)
import Glibc
#endif
import Testing
import VesselDevices

@Suite struct CMOSClockTests {
    func register(_ clock: CMOSClock, _ index: UInt8) -> UInt8 {
        clock.writeByte(0, index)
        return clock.readByte(1)
    }

    func setRegister(_ clock: CMOSClock, _ index: UInt8, _ value: UInt8) {
        clock.writeByte(0, index)
        clock.writeByte(1, value)
    }

    func bcd(_ value: UInt8) -> Int { Int(value >> 4) * 10 + Int(value & 0x0F) }

    /// Seconds since the epoch from calendar fields, through the C library for an independent check.
    func epoch(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        return Int64(timegm(&fields))
    }

    /// Reads the time as Linux's mc146818_get_time does, in BCD, 24-hour mode.
    func guestTime(_ clock: CMOSClock) -> Int64 {
        #expect(register(clock, 0x0A) & 0x80 == 0)          // UIP clear
        let second = bcd(register(clock, 0x00))
        let minute = bcd(register(clock, 0x02))
        let hour = bcd(register(clock, 0x04))
        let day = bcd(register(clock, 0x07))
        let month = bcd(register(clock, 0x08))
        let year = bcd(register(clock, 0x09))
        let century = bcd(register(clock, 0x32))
        return epoch(year: century * 100 + year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    @Test func showsTheHostWallClockInBCD() throws {
        let clock = CMOSClock()
        #expect(register(clock, 0x0B) == 0x02)              // 24-hour, BCD
        #expect(register(clock, 0x0D) == 0x80)              // valid RAM and time
        let host = Int64(time(nil))
        let guest = guestTime(clock)
        #expect(abs(guest - host) <= 3)
    }

    @Test func presentsAFixedTimeInEveryFormat() {
        // 2024-02-29 13:05:09 UTC, a Thursday.
        let instant = epoch(year: 2024, month: 2, day: 29, hour: 13, minute: 5, second: 9)
        let clock = CMOSClock(clock: { instant })
        #expect(register(clock, 0x00) == 0x09)
        #expect(register(clock, 0x02) == 0x05)
        #expect(register(clock, 0x04) == 0x13)
        #expect(register(clock, 0x06) == 0x05)              // Sunday = 1
        #expect(register(clock, 0x07) == 0x29)
        #expect(register(clock, 0x08) == 0x02)
        #expect(register(clock, 0x09) == 0x24)
        #expect(register(clock, 0x32) == 0x20)
        setRegister(clock, 0x0B, 0x06)                      // binary, 24-hour
        #expect(register(clock, 0x04) == 13)
        #expect(register(clock, 0x09) == 24)
        setRegister(clock, 0x0B, 0x04)                      // binary, 12-hour
        #expect(register(clock, 0x04) == 0x80 | 1)          // 1 PM
        setRegister(clock, 0x0B, 0x00)                      // BCD, 12-hour
        #expect(register(clock, 0x04) == 0x81)
    }

    @Test func ignoresTheNMIDisableBitOfTheIndex() {
        let instant = epoch(year: 2030, month: 12, day: 31, hour: 23, minute: 59, second: 58)
        let clock = CMOSClock(clock: { instant })
        clock.writeByte(0, 0x80 | 0x09)
        #expect(clock.readByte(1) == 0x30)
        #expect(register(clock, 0x0A) == 0x26)
        #expect(register(clock, 0x0C) == 0x00)
    }

    @Test func guestCanSetTheClockAndItKeepsRunning() {
        let host = ManualClock(epoch(year: 2025, month: 6, day: 1, hour: 12, minute: 0, second: 0))
        let clock = CMOSClock(clock: host.read)
        // mc146818_set_time: SET, write the fields, clear SET.
        setRegister(clock, 0x0B, 0x82)
        host.advance(by: 30)                          // frozen while SET is on
        #expect(register(clock, 0x00) == 0x00)
        let fields: [(UInt8, UInt8)] = [(0x00, 0x45), (0x02, 0x30), (0x04, 0x08), (0x07, 0x15),
                                        (0x08, 0x03), (0x09, 0x99), (0x32, 0x19)]
        for (index, value) in fields { setRegister(clock, index, value) }
        setRegister(clock, 0x0B, 0x02)
        #expect(guestTime(clock) == epoch(year: 1999, month: 3, day: 15, hour: 8, minute: 30, second: 45))
        host.advance(by: 20)
        #expect(guestTime(clock) == epoch(year: 1999, month: 3, day: 15, hour: 8, minute: 31, second: 5))
        // A direct write to a running field moves just that field.
        setRegister(clock, 0x04, 0x10)
        #expect(guestTime(clock) == epoch(year: 1999, month: 3, day: 15, hour: 10, minute: 31, second: 5))
    }

    @Test func nonsenseTimeLeavesTheClockAlone() {
        let instant = epoch(year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0)
        let clock = CMOSClock(clock: { instant })
        setRegister(clock, 0x0B, 0x82)
        setRegister(clock, 0x08, 0x13)                      // month 13
        setRegister(clock, 0x0B, 0x02)
        #expect(guestTime(clock) == instant)
        setRegister(clock, 0x00, 0xFA)                      // not BCD
        setRegister(clock, 0x07, 0x30)                      // February 30th? not in January
        #expect(guestTime(clock) == epoch(year: 2025, month: 1, day: 30, hour: 0, minute: 0, second: 0))
        setRegister(clock, 0x08, 0x02)                      // January 30th -> February 30th: refused
        #expect(register(clock, 0x08) == 0x01)
    }

    @Test func otherBytesAreBatteryBackedRAM() {
        let clock = CMOSClock(clock: { 0 })
        setRegister(clock, 0x10, 0xAB)
        setRegister(clock, 0x7F, 0xCD)
        #expect(register(clock, 0x10) == 0xAB)
        #expect(register(clock, 0x7F) == 0xCD)
        setRegister(clock, 0x0D, 0x00)                      // read-only
        #expect(register(clock, 0x0D) == 0x80)
    }
}
