@testable import EventSourcingLambda
import Testing

@Suite("The command function's access log")
struct AccessLogDurationTests {
    @Test("durations are written in milliseconds to the microsecond, with three decimals")
    func durations() {
        #expect(Duration.microseconds(1_234).millisecondsText == "1.234")
        #expect(Duration.microseconds(5).millisecondsText == "0.005")
        #expect(Duration.nanoseconds(2_000_999).millisecondsText == "2.000")
        #expect(Duration.seconds(3).millisecondsText == "3000.000")
        #expect(Duration.zero.millisecondsText == "0.000")
    }
}
