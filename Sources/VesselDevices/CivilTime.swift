/// A UTC calendar date and time, converted to and from seconds since the Unix epoch with the
/// proleptic Gregorian calendar (days-from-civil arithmetic, valid for any Int64 day count we use).
struct CivilTime: Equatable, Sendable {
    var year: Int
    var month: Int      // 1...12
    var day: Int        // 1...31
    var hour: Int       // 0...23
    var minute: Int
    var second: Int
    /// 0 = Sunday.
    var weekday: Int

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        weekday = Self.weekday(daysSinceEpoch: days)
    }

    init(epochSeconds: Int64) {
        let seconds = Int(epochSeconds)
        let days = Self.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        hour = secondOfDay / 3600
        minute = (secondOfDay % 3600) / 60
        second = secondOfDay % 60
        weekday = Self.weekday(daysSinceEpoch: days)

        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153          // 0 = March
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var epochSeconds: Int64 {
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Whether every field is in range (the day against the month's real length).
    var isValid: Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second), (1...9999).contains(year) else { return false }
        let lengths = [31, Self.isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func weekday(daysSinceEpoch days: Int) -> Int {
        // 1970-01-01 was a Thursday.
        let remainder = (days + 4) % 7
        return remainder < 0 ? remainder + 7 : remainder
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
