#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Wall-clock time as Lambda logs it, without Foundation: `2026-11-27T08:48:17.123Z`.
enum UTCTimestamp {
    /// Milliseconds since the Unix epoch.
    static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Appends `milliseconds` since the epoch as `2026-11-27T08:48:17.123Z` to `out`, digit by digit (before 1970 too:
    /// the milliseconds are never negative).
    static func iso8601(milliseconds: Int64, into out: inout [UInt8]) {
        let fraction = (milliseconds % 1000 + 1000) % 1000
        var seconds = time_t((milliseconds - fraction) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int, then separator: UInt8) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            if rest < 0 || rest >= divisor * 10 { out += String(rest).utf8 } else {
                while divisor > 0 {
                    out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor))
                    rest %= divisor
                    divisor /= 10
                }
            }
            out.append(separator)
        }
        digits(parts.tm_year + 1900, 4, then: UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2, then: UInt8(ascii: "-"))
        digits(parts.tm_mday, 2, then: UInt8(ascii: "T"))
        digits(parts.tm_hour, 2, then: UInt8(ascii: ":"))
        digits(parts.tm_min, 2, then: UInt8(ascii: ":"))
        digits(parts.tm_sec, 2, then: UInt8(ascii: "."))
        digits(Int32(fraction), 3, then: UInt8(ascii: "Z"))
    }
}
