@testable import LambdaRuntime
import Testing

@Suite("UTC timestamps as Lambda logs them")
struct UTCTimestampTests {
    @Test("ISO 8601 with milliseconds, every field padded to its width, before 1970 too", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_795_769_297_123, "2026-11-27T08:48:17.123Z"),
        (951_782_400_005, "2000-02-29T00:00:00.005Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"), (-1, "1969-12-31T23:59:59.999Z"), (-1_500, "1969-12-31T23:59:58.500Z"),
    ])
    func iso8601(milliseconds: Int64, text: String) {
        var appended = Array("at ".utf8)
        UTCTimestamp.iso8601(milliseconds: milliseconds, into: &appended)
        #expect(appended == Array("at \(text)".utf8))
    }
}
