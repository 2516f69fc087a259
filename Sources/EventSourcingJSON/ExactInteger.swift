/// A JSON number read as an integer without rounding: `100`, `100.0`, `1e2` and `1.5e1` are integers;
/// `1.0000000000000001` and `0.5` are not; `1e400` is out of range. The digits are examined as text, never
/// converted through `Double`.
public enum ExactInteger: Sendable, Equatable {
    /// The number is exactly this integer.
    case integer(Int64)
    /// The number has a non-zero fraction.
    case fractional
    /// The number is an integer beyond `Int64`.
    case outOfRange
    /// The text is not a JSON number.
    case invalid

    /// Reads `text`, which should follow JSON's number grammar.
    public init(_ text: String) {
        if let plain = Self.plainInteger(text) {
            self = .integer(plain)
            return
        }
        var utf8 = text.utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        var digits: [UInt8] = []  // every digit of the mantissa, integer part then fraction
        var fractionDigits = 0
        var inFraction = false
        var exponent = 0
        scan: while let byte = utf8.first {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte &- UInt8(ascii: "0"))
                if inFraction { fractionDigits += 1 }
            case UInt8(ascii: ".") where !inFraction && !digits.isEmpty:
                inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !digits.isEmpty, let parsed = Self.exponent(utf8.dropFirst()) else { self = .invalid; return }
                exponent = parsed
                break scan
            default:
                self = .invalid
                return
            }
            utf8 = utf8.dropFirst()
        }
        guard !digits.isEmpty, !(inFraction && fractionDigits == 0) else { self = .invalid; return }
        self = Self.integer(digits: digits, scale: exponent - fractionDigits, negative: negative)
    }

    /// The value of `-?[0-9]{1,18}`, the form almost every integer comes in (it cannot overflow); nil for any other
    /// text, which the general reading takes.
    private static func plainInteger(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            let negative = bytes.first == UInt8(ascii: "-")
            let start = negative ? 1 : 0
            guard bytes.count > start, bytes.count - start <= 18 else { return nil }
            var value: Int64 = 0
            for index in start..<bytes.count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return negative ? -value : value
        }
    }

    /// The integer `digits × 10^scale`, if it is one.
    private static func integer(digits: [UInt8], scale: Int, negative: Bool) -> ExactInteger {
        var significant = digits.drop { $0 == 0 }
        if significant.isEmpty { return .integer(0) }
        if scale < 0 {
            // The last -scale digits are the fraction: all zeros, or this is not an integer.
            guard -scale < significant.count, significant.suffix(-scale).allSatisfy({ $0 == 0 }) else { return .fractional }
            significant = significant.dropLast(-scale)
        } else if significant.count + scale > 19 {
            return .outOfRange  // at least 10^19, beyond Int64
        }
        var magnitude: UInt64 = 0
        for digit in significant + repeatElement(0, count: max(scale, 0)) {
            let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return .outOfRange }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .outOfRange }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .outOfRange }
        return .integer(Int64(magnitude))
    }

    /// The exponent after `e`: an optional sign and digits, clamped far beyond any meaningful scale.
    private static func exponent(_ utf8: Substring.UTF8View.SubSequence) -> Int? {
        var rest = utf8
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        var value = 0
        for byte in rest { value = min(value * 10 + Int(byte &- UInt8(ascii: "0")), 1_000_000) }
        return negative ? -value : value
    }
}
