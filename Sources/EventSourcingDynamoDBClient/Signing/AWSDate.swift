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
        return day + "T" + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }

    /// `YYYYMMDD`.
    public var day: String {
        let parts = components
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
    }

    private var components: tm {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    private func pad(_ value: Int32, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
