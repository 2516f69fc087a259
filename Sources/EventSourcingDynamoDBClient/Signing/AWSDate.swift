#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A moment as SigV4 writes it: `20150830T123600Z`, and its day `20150830`.
public struct AWSDate: Sendable, Equatable {
    /// Seconds since the Unix epoch.
    public var secondsSince1970: Int

    /// The moment `secondsSince1970` seconds after the Unix epoch.
    public init(secondsSince1970: Int) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The current time, to the second (`CLOCK_REALTIME`).
    public static var now: AWSDate {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return AWSDate(secondsSince1970: spec.tv_sec)
    }

    /// `YYYYMMDD'T'HHMMSS'Z'`.
    public var timestamp: String { formatted(withTime: true) }

    /// `YYYYMMDD`.
    public var day: String { formatted(withTime: false) }

    private func formatted(withTime: Bool) -> String {
        let parts = components
        var out: [UInt8] = []
        out.reserveCapacity(16)
        Self.append(parts.tm_year + 1900, width: 4, to: &out)
        Self.append(parts.tm_mon + 1, width: 2, to: &out)
        Self.append(parts.tm_mday, width: 2, to: &out)
        if withTime {
            out.append(UInt8(ascii: "T"))
            Self.append(parts.tm_hour, width: 2, to: &out)
            Self.append(parts.tm_min, width: 2, to: &out)
            Self.append(parts.tm_sec, width: 2, to: &out)
            out.append(UInt8(ascii: "Z"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private var components: tm {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    /// `value` (0 or more) in decimal, zero-padded to at least `width` digits.
    private static func append(_ value: Int32, width: Int, to out: inout [UInt8]) {
        var divisor: Int32 = 1
        var digits = 1
        while digits < width || divisor <= value / 10 {
            divisor *= 10
            digits += 1
        }
        var rest = max(0, value)
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
