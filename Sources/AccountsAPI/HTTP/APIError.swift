import EventSourcingJSON

/// An error the API answers with: its status, a stable code, a safe message, and extra headers (e.g. `Retry-After`).
///
/// The body is `{"error": {"code": "...", "message": "..."}}`; internal details never go into it: `cause` (why a
/// 5xx happened) is logged with the request id instead.
public struct APIError: Error, Equatable, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    public var headers: [String: String]
    /// What went wrong inside, for the log only (never a secret, never sent to the client).
    public var cause: String?

    public init(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:], cause: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.cause = cause
    }

    public var description: String { "\(status) \(code): \(message)" + (cause.map { " (\($0))" } ?? "") }

    /// This error with `cause` recorded for the log.
    public func causedBy(_ cause: String) -> APIError {
        var copy = self
        copy.cause = cause
        return copy
    }

    public static func invalidJSON(_ message: String) -> APIError { APIError(400, "invalid_json", message) }
    public static func invalidRequest(_ message: String) -> APIError { APIError(400, "invalid_request", message) }
    public static let unauthenticated = APIError(401, "unauthenticated", "the request carries no authenticated caller")
    public static let notFound = APIError(404, "not_found", "no such resource")
    public static func methodNotAllowed(_ allowed: [String]) -> APIError {
        APIError(405, "method_not_allowed", "use \(allowed.joined(separator: " or "))", headers: ["Allow": allowed.joined(separator: ", ")])
    }
    public static let payloadTooLarge = APIError(413, "payload_too_large", "the body is over 64 KiB")
    public static func unavailable(retryAfter seconds: Int = 1) -> APIError {
        APIError(503, "unavailable", "the service is busy; retry shortly", headers: ["Retry-After": String(seconds)])
    }
    public static let internalError = APIError(500, "internal", "an internal error occurred")

    /// The JSON body.
    public var body: [UInt8] {
        JSONWriter.bytes(.object(["error": .object(["code": .string(code), "message": .string(message)])]))
    }
}
