/// The MC146818 register file behind `CMOSClock`, without locking.
/// Time registers are computed from the host clock plus an offset the guest may change by
/// setting the clock; while register B's SET bit is on they are frozen in `ram` for writing.
struct CMOSState: Sendable {
    static let seconds: UInt8 = 0x00
    static let minutes: UInt8 = 0x02
    static let hours: UInt8 = 0x04
    static let dayOfWeek: UInt8 = 0x06
    static let dayOfMonth: UInt8 = 0x07
    static let month: UInt8 = 0x08
    static let year: UInt8 = 0x09
    static let statusA: UInt8 = 0x0A
    static let statusB: UInt8 = 0x0B
    static let statusC: UInt8 = 0x0C
    static let statusD: UInt8 = 0x0D
    static let century: UInt8 = 0x32

    static let timeRegisters: [UInt8] = [seconds, minutes, hours, dayOfWeek, dayOfMonth, month, year, century]

    static let statusAUpdateInProgress: UInt8 = 0x80
    static let statusBSet: UInt8 = 0x80
    static let statusBBinary: UInt8 = 0x04
    static let statusB24Hour: UInt8 = 0x02
    static let statusDValidRAM: UInt8 = 0x80
    static let hourPM: UInt8 = 0x80

    var index: UInt8 = 0
    var ram = [UInt8](repeating: 0, count: 128)
    /// Guest wall-clock minus host wall-clock, in seconds.
    var offsetSeconds: Int64 = 0

    init() {
        // 32.768 kHz time base, 1024 Hz periodic rate; 24-hour BCD, as PC firmware leaves it.
        ram[Int(Self.statusA)] = 0x26
        ram[Int(Self.statusB)] = Self.statusB24Hour
    }

    private var statusBValue: UInt8 { ram[Int(Self.statusB)] }
    private var binary: Bool { statusBValue & Self.statusBBinary != 0 }
    private var twentyFourHour: Bool { statusBValue & Self.statusB24Hour != 0 }
    private var frozen: Bool { statusBValue & Self.statusBSet != 0 }

    mutating func readData(hostSeconds: Int64) -> UInt8 {
        let register = index
        switch register {
        case Self.statusA:
            // The update cycle is never in progress: reads always see a settled time.
            return ram[Int(register)] & ~Self.statusAUpdateInProgress
        case Self.statusC:
            return 0    // no interrupt sources are emulated
        case Self.statusD:
            return Self.statusDValidRAM
        default:
            if Self.timeRegisters.contains(register), !frozen {
                return encodedTime(hostSeconds &+ offsetSeconds)[register] ?? 0
            }
            return ram[Int(register)]
        }
    }

    mutating func writeData(_ value: UInt8, hostSeconds: Int64) {
        let register = index
        switch register {
        case Self.statusA:
            ram[Int(register)] = value & ~Self.statusAUpdateInProgress
        case Self.statusB:
            let wasFrozen = frozen
            let nowFrozen = value & Self.statusBSet != 0
            if !wasFrozen, nowFrozen {
                ram[Int(register)] = value
                latchTime(hostSeconds: hostSeconds)
            } else {
                ram[Int(register)] = value
                if wasFrozen, !nowFrozen { commitTime(hostSeconds: hostSeconds) }
            }
        case Self.statusC, Self.statusD:
            break   // read-only
        default:
            if Self.timeRegisters.contains(register), !frozen {
                // A write to a running clock sets that field and keeps counting from there.
                latchTime(hostSeconds: hostSeconds)
                ram[Int(register)] = value
                commitTime(hostSeconds: hostSeconds)
            } else {
                ram[Int(register)] = value
            }
        }
    }

    private mutating func latchTime(hostSeconds: Int64) {
        for (register, value) in encodedTime(hostSeconds &+ offsetSeconds) {
            ram[Int(register)] = value
        }
    }

    /// Takes the guest's time from the latched registers; nonsense leaves the clock unchanged.
    private mutating func commitTime(hostSeconds: Int64) {
        guard let time = decodedLatchedTime() else { return }
        offsetSeconds = time.epochSeconds - hostSeconds
    }

    private func encodedTime(_ epochSeconds: Int64) -> [UInt8: UInt8] {
        let time = CivilTime(epochSeconds: epochSeconds)
        var hourValue: UInt8
        if twentyFourHour {
            hourValue = encode(time.hour)
        } else {
            let twelveHour = time.hour % 12 == 0 ? 12 : time.hour % 12
            hourValue = encode(twelveHour)
            if time.hour >= 12 { hourValue |= Self.hourPM }
        }
        return [
            Self.seconds: encode(time.second),
            Self.minutes: encode(time.minute),
            Self.hours: hourValue,
            Self.dayOfWeek: encode(time.weekday + 1),
            Self.dayOfMonth: encode(time.day),
            Self.month: encode(time.month),
            Self.year: encode(time.year % 100),
            Self.century: encode((time.year / 100) % 100),
        ]
    }

    private func decodedLatchedTime() -> CivilTime? {
        guard let second = decode(ram[Int(Self.seconds)]),
              let minute = decode(ram[Int(Self.minutes)]),
              let day = decode(ram[Int(Self.dayOfMonth)]),
              let month = decode(ram[Int(Self.month)]),
              let yearOfCentury = decode(ram[Int(Self.year)]), yearOfCentury < 100 else { return nil }
        let rawHour = ram[Int(Self.hours)]
        var hour: Int
        if twentyFourHour {
            guard let value = decode(rawHour) else { return nil }
            hour = value
        } else {
            guard let value = decode(rawHour & ~Self.hourPM), (1...12).contains(value) else { return nil }
            hour = value % 12 + (rawHour & Self.hourPM != 0 ? 12 : 0)
        }
        let century: Int
        if let value = decode(ram[Int(Self.century)]), (19...99).contains(value) {
            century = value
        } else {
            century = yearOfCentury < 70 ? 20 : 19
        }
        let time = CivilTime(year: century * 100 + yearOfCentury, month: month, day: day,
                             hour: hour, minute: minute, second: second)
        return time.isValid ? time : nil
    }

    private func encode(_ value: Int) -> UInt8 {
        let clamped = UInt8(clamping: value)
        return binary ? clamped : UInt8(clamping: (value / 10) << 4 | value % 10)
    }

    private func decode(_ value: UInt8) -> Int? {
        if binary { return Int(value) }
        let high = Int(value >> 4)
        let low = Int(value & 0x0F)
        guard high < 10, low < 10 else { return nil }
        return high * 10 + low
    }
}
