import EventSourcingJSON
import Testing

@Suite("ExactInteger: a JSON number as an integer, never rounded")
struct ExactIntegerTests {
    @Test("integers, and decimals whose fraction is all zeros, are integers", arguments: [
        ("100", 100), ("100.0", 100), ("100.000", 100), ("1e2", 100), ("1.5e1", 15), ("10E-1", 1), ("-7", -7), ("0", 0),
        ("-0", 0), ("0.0e5", 0), ("1000000000000", 1_000_000_000_000), ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min), ("922337203685477580.7e1", Int64.max), ("999999999999999999", 999_999_999_999_999_999),
        ("-999999999999999999", -999_999_999_999_999_999), ("1234567890123456789", 1_234_567_890_123_456_789), ("007", 7),
    ] as [(String, Int64)])
    func integers(text: String, value: Int64) {
        #expect(ExactInteger(text) == .integer(value))
    }

    @Test("plain integers of every length read as the same integers written with a fraction of zeros")
    func plainAgreesWithGeneral() {
        var generator = SystemRandomNumberGenerator()
        for digits in 1...19 {
            for _ in 0..<50 {
                let text = String(Int64.random(in: .min ... .max, using: &generator)).prefix(digits + 1)
                guard text != "-" else { continue }
                #expect(ExactInteger(String(text)) == ExactInteger(text + ".0"), "\(text)")
                #expect(ExactInteger(String(text)) == .integer(Int64(text)!), "\(text)")
            }
        }
    }

    @Test("anything with a non-zero fraction is fractional, however small", arguments: [
        "1.0000000000000001", "2.00000000000000001", "999999999999.99999", "0.5", "1e-1", "15e-1", "1e-400",
    ])
    func fractions(text: String) {
        #expect(ExactInteger(text) == .fractional)
    }

    @Test("integers beyond 64 bits are out of range, not wrapped", arguments: [
        "9223372036854775808", "-9223372036854775809", "1e19", "1e400", "123456789012345678901234567890",
    ])
    func outOfRange(text: String) {
        #expect(ExactInteger(text) == .outOfRange)
    }

    @Test("text that is not a number is invalid", arguments: ["", "-", "1.", "e5", "1e", "1x", "1..2", "--1"])
    func invalid(text: String) {
        #expect(ExactInteger(text) == .invalid)
    }
}
