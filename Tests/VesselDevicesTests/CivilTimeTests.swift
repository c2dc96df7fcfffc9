import Testing
@testable import VesselDevices

@Suite struct CivilTimeTests {
    @Test func convertsKnownInstants() {
        let epoch = CivilTime(epochSeconds: 0)
        #expect((epoch.year, epoch.month, epoch.day, epoch.hour, epoch.weekday) == (1970, 1, 1, 0, 4))
        let leap = CivilTime(epochSeconds: 951_782_400)           // 2000-02-29 00:00:00
        #expect((leap.year, leap.month, leap.day, leap.weekday) == (2000, 2, 29, 2))
        let y2038 = CivilTime(epochSeconds: 2_147_483_647)        // 2038-01-19 03:14:07
        #expect((y2038.year, y2038.month, y2038.day, y2038.hour, y2038.minute, y2038.second)
                == (2038, 1, 19, 3, 14, 7))
        let before = CivilTime(epochSeconds: -1)                   // 1969-12-31 23:59:59
        #expect((before.year, before.month, before.day, before.second, before.weekday) == (1969, 12, 31, 59, 3))
    }

    @Test func roundTripsAcrossCenturies() {
        var seconds: Int64 = -2_208_988_800                        // 1900-01-01
        while seconds < 7_258_118_400 {                            // 2200-01-01
            let time = CivilTime(epochSeconds: seconds)
            #expect(time.isValid)
            #expect(time.epochSeconds == seconds)
            seconds += 86_400 * 37 + 3_601
        }
    }

    @Test func validatesMonthLengths() {
        #expect(CivilTime(year: 2024, month: 2, day: 29, hour: 0, minute: 0, second: 0).isValid)
        #expect(!CivilTime(year: 2023, month: 2, day: 29, hour: 0, minute: 0, second: 0).isValid)
        #expect(!CivilTime(year: 1900, month: 2, day: 29, hour: 0, minute: 0, second: 0).isValid)
        #expect(!CivilTime(year: 2024, month: 4, day: 31, hour: 0, minute: 0, second: 0).isValid)
        #expect(!CivilTime(year: 2024, month: 1, day: 1, hour: 24, minute: 0, second: 0).isValid)
    }
}
