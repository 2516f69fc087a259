#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes log lines the way Lambda expects them: unbuffered, one `write` per line, as text or JSON.
///
/// - Text: `timestamp<TAB>requestId<TAB>LEVEL<TAB>message key=value …` (`-` outside an invocation).
/// - JSON (`AWS_LAMBDA_LOG_FORMAT=JSON`): `{"timestamp", "level", "message", "requestId", "tenantId", …metadata}`,
///   `tenantId` only for an invocation of a tenant-isolated function.
///
/// Lines below `level` are dropped before their message is built. The values of `AWS_SECRET_ACCESS_KEY` and
/// `AWS_SESSION_TOKEN` are replaced by `[REDACTED]` wherever they would appear in a line.
public struct LambdaLogger: Sendable {
    /// The lowest level written.
    public let level: LogLevel
    /// Text or JSON lines.
    public let format: LogFormat
    /// The request the lines belong to; the runtime sets it for each invocation.
    public internal(set) var requestID: String?
    /// The tenant of the invocation the lines belong to, when the function is tenant-isolated.
    public internal(set) var tenantID: String?
    /// The secrets' UTF-8 bytes, searched for in every line.
    private let secrets: [[UInt8]]
    private let descriptor: Int32

    /// A logger configured from `AWS_LAMBDA_LOG_FORMAT` and `AWS_LAMBDA_LOG_LEVEL`, writing to stderr.
    public init(environment: LambdaEnvironment, descriptor: Int32 = 2) {
        self.init(environment: environment, descriptor: descriptor, format: nil)
    }

    /// As above, with `format` instead of `AWS_LAMBDA_LOG_FORMAT` when given (Managed Instances log JSON).
    init(environment: LambdaEnvironment, descriptor: Int32 = 2, format: LogFormat?) {
        self.format = format ?? environment["AWS_LAMBDA_LOG_FORMAT"].flatMap { LogFormat(rawValue: $0) }
            ?? (environment["AWS_LAMBDA_LOG_FORMAT"]?.uppercased() == "JSON" ? .json : .text)
        self.level = environment["AWS_LAMBDA_LOG_LEVEL"].flatMap(LogLevel.init(name:)) ?? .info
        self.secrets = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].compactMap { environment[$0] }
            .filter { $0.count >= 8 }.map { Array($0.utf8) }
        self.descriptor = descriptor
    }

    /// Logs `message` at `.trace`.
    public func trace(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.trace, message(), metadata: metadata)
    }
    /// Logs `message` at `.debug`.
    public func debug(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.debug, message(), metadata: metadata)
    }
    /// Logs `message` at `.info`.
    public func info(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.info, message(), metadata: metadata)
    }
    /// Logs `message` at `.warn`.
    public func warn(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.warn, message(), metadata: metadata)
    }
    /// Logs `message` at `.error`.
    public func error(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.error, message(), metadata: metadata)
    }
    /// Logs `message` at `.fatal`.
    public func fatal(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.fatal, message(), metadata: metadata)
    }

    /// Writes one line at `level` if the logger's level lets it through.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        guard level >= self.level else { return }
        var utf8 = render(level, message(), metadata: metadata)
        for secret in secrets { Self.redact(secret, in: &utf8) }
        utf8.append(10)
        utf8.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }

    /// Replaces every occurrence of `secret` in `line` by `[REDACTED]`: bytes compared, not characters (a `String`
    /// search, grapheme by grapheme, was a measurable share of a warm command).
    static func redact(_ secret: [UInt8], in line: inout [UInt8]) {
        var from = 0
        while let found = Self.offset(of: secret, in: line, from: from) {
            line.replaceSubrange(found..<found + secret.count, with: Self.redacted)
            from = found + Self.redacted.count
        }
    }

    private static let redacted = Array("[REDACTED]".utf8)

    private static func offset(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count - start >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var index = start
                while index <= hay.count - pin.count {
                    if hay[index] == first && (1..<pin.count).allSatisfy({ hay[index + $0] == pin[$0] }) { return index }
                    index += 1
                }
                return nil
            }
        }
    }

    /// The line, without its newline, written straight into bytes.
    private func render(_ level: LogLevel, _ message: String, metadata: [String: String]) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        switch format {
        case .text:
            UTCTimestamp.iso8601(milliseconds: UTCTimestamp.nowMilliseconds(), into: &line)
            line.append(Self.tab)
            line += (requestID ?? "-").utf8
            line.append(Self.tab)
            line += level.name.utf8
            line.append(Self.tab)
            line += message.utf8
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                line.append(UInt8(ascii: " "))
                line += key.utf8
                line.append(UInt8(ascii: "="))
                line += value.utf8
            }
            // One line per write: a line break inside becomes the two characters `\n`.
            guard line.contains(Self.newline) else { return line }
            return line.flatMap { $0 == Self.newline ? [UInt8(ascii: "\\"), UInt8(ascii: "n")] : [$0] }
        case .json:
            line += #"{"timestamp":""#.utf8
            UTCTimestamp.iso8601(milliseconds: UTCTimestamp.nowMilliseconds(), into: &line)
            line += #"","level":""#.utf8
            line += level.name.utf8
            member("message", message, into: &line)
            if let requestID { member("requestId", requestID, into: &line) }
            if let tenantID { member("tenantId", tenantID, into: &line) }
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where !Self.isReserved(key) {
                line += #"",""#.utf8
                JSONText.escape(key, into: &line)
                line += #"":""#.utf8
                JSONText.escape(value, into: &line)
            }
            line += #""}"#.utf8
            return line
        }
    }

    /// Closes the previous member's string and appends `"name":"value` (escaped), its string left open.
    private func member(_ name: StaticString, _ value: String, into line: inout [UInt8]) {
        line += #"",""#.utf8
        line += UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        line += #"":""#.utf8
        JSONText.escape(value, into: &line)
    }

    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")

    /// The keys a line's own members use, which metadata cannot replace.
    private static func isReserved(_ key: String) -> Bool {
        switch key {
        case "timestamp", "level", "message", "requestId", "tenantId": true
        default: false
        }
    }
}
