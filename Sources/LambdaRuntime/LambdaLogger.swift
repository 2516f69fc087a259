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
    public let level: LogLevel
    public let format: LogFormat
    /// The request the lines belong to; the runtime sets it for each invocation.
    public internal(set) var requestID: String?
    /// The tenant of the invocation the lines belong to, when the function is tenant-isolated.
    public internal(set) var tenantID: String?
    private let secrets: [String]
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
            .filter { $0.count >= 8 }
        self.descriptor = descriptor
    }

    public func trace(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.trace, message(), metadata: metadata)
    }
    public func debug(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.debug, message(), metadata: metadata)
    }
    public func info(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.info, message(), metadata: metadata)
    }
    public func warn(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.warn, message(), metadata: metadata)
    }
    public func error(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.error, message(), metadata: metadata)
    }
    public func fatal(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.fatal, message(), metadata: metadata)
    }

    /// Writes one line at `level` if the logger's level lets it through.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        guard level >= self.level else { return }
        var line = render(level, message(), metadata: metadata)
        for secret in secrets where line.contains(secret) {
            line = line.replacing(secret, with: "[REDACTED]")
        }
        line += "\n"
        var utf8 = Array(line.utf8)
        utf8.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }

    private func render(_ level: LogLevel, _ message: String, metadata: [String: String]) -> String {
        let timestamp = UTCTimestamp.iso8601(milliseconds: UTCTimestamp.nowMilliseconds())
        switch format {
        case .text:
            var line = "\(timestamp)\t\(requestID ?? "-")\t\(level.name)\t\(message)"
            for key in metadata.keys.sorted() { line += " \(key)=\(metadata[key]!)" }
            // Most lines have no line break: a byte search spares them the generic `replacing`.
            return line.utf8.contains(10) ? line.replacing("\n", with: "\\n") : line
        case .json:
            var line = #"{"timestamp":"\#(timestamp)","level":"\#(level.name)","message":"\#(JSONText.escape(message))""#
            if let requestID { line += #","requestId":"\#(JSONText.escape(requestID))""# }
            if let tenantID { line += #","tenantId":"\#(JSONText.escape(tenantID))""# }
            for key in metadata.keys.sorted() where !Self.reservedKeys.contains(key) {
                line += #","\#(JSONText.escape(key))":"\#(JSONText.escape(metadata[key]!))""#
            }
            return line + "}"
        }
    }

    private static let reservedKeys: Set<String> = ["timestamp", "level", "message", "requestId", "tenantId"]
}
