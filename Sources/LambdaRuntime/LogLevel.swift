/// Lambda's log levels, from the most verbose; `AWS_LAMBDA_LOG_LEVEL` names one.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case trace, debug, info, warn, error, fatal

    /// Parses `TRACE` … `FATAL` (any case); nil for anything else.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = level
    }

    /// The level's name as Lambda spells it (`TRACE` … `FATAL`).
    public var name: String {
        switch self {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warn: "WARN"
        case .error: "ERROR"
        case .fatal: "FATAL"
        }
    }

    /// Orders levels from the most verbose.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// `AWS_LAMBDA_LOG_FORMAT`: plain text lines or one JSON object a line.
public enum LogFormat: String, Sendable {
    /// Plain text lines.
    case text = "Text"
    /// One JSON object a line.
    case json = "JSON"
}
