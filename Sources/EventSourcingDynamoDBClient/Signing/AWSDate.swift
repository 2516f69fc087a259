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
    public var timestamp: String {
        let parts = components
        return Self.digits([(parts.tm_year + 1900, 4), (parts.tm_mon + 1, 2), (parts.tm_mday, 2)], then: "T")
            + Self.digits([(parts.tm_hour, 2), (parts.tm_min, 2), (parts.tm_sec, 2)], then: "Z")
    }

    /// `YYYYMMDD`.
    public var day: String {
        let parts = components
        return Self.digits([(parts.tm_year + 1900, 4), (parts.tm_mon + 1, 2), (parts.tm_mday, 2)], then: nil)
    }

    private var components: tm {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    /// Each value in decimal, zero-padded to its width, one after the other, then `suffix`.
    private static func digits(_ values: [(value: Int32, width: Int)], then suffix: Unicode.Scalar?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(9)
        for (value, width) in values {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = max(0, value)
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        if let suffix { out.append(UInt8(suffix.value)) }
        return String(decoding: out, as: UTF8.self)
    }
}
