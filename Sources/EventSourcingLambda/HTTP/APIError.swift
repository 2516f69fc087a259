import EventSourcing

/// An error the API answers with: its status, a stable code, a safe message, and extra headers (`Retry-After`).
///
/// The body is `{"error": {"code": "...", "message": "..."}}`; internal details never go into it: `cause` (why a
/// 5xx happened) is logged with the request id instead.
public struct APIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// A stable, machine-readable code (`insufficient_funds`).
    public var code: String
    /// A message safe to show the caller.
    public var message: String
    /// Headers the answer carries (`Retry-After`, `Allow`, `ETag`).
    public var headers: [String: String]
    /// What went wrong inside, for the log only (never a secret, never sent to the client).
    public var cause: String?

    /// An error answer.
    public init(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:], cause: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.cause = cause
    }

    /// The status, code and message, with the cause in parentheses when there is one.
    public var description: String { "\(status) \(code): \(message)" + (cause.map { " (\($0))" } ?? "") }

    /// This error with `cause` recorded for the log.
    public func causedBy(_ cause: String) -> APIError {
        var copy = self
        copy.cause = cause
        return copy
    }

    /// 400 `invalid_json`.
    public static func invalidJSON(_ message: String) -> APIError { APIError(400, "invalid_json", message) }
    /// 400 `invalid_request`.
    public static func invalidRequest(_ message: String) -> APIError { APIError(400, "invalid_request", message) }
    /// 401 `unauthenticated`.
    public static let unauthenticated = APIError(401, "unauthenticated", "the request carries no authenticated caller")
    /// 404 `not_found`: also the answer for what belongs to someone else.
    public static let notFound = APIError(404, "not_found", "no such resource")
    /// 405 `method_not_allowed`, with `Allow`.
    public static func methodNotAllowed(_ allowed: [String]) -> APIError {
        APIError(405, "method_not_allowed", "use \(allowed.joined(separator: " or "))", headers: ["Allow": allowed.joined(separator: ", ")])
    }
    /// 409 `already_exists`: creating what exists (anyone's).
    public static let alreadyExists = APIError(409, "already_exists", "it already exists")
    /// 409 `concurrency_conflict`.
    public static let concurrencyConflict = APIError(409, "concurrency_conflict", "it changed concurrently; retry")
    /// 409 `idempotency_key_reused`.
    public static let idempotencyKeyReused = APIError(409, "idempotency_key_reused", "this Idempotency-Key was used for a different request")
    /// 412 `version_mismatch`, with the current version as `ETag`.
    public static func versionMismatch(expected: Int64, actual: Int64) -> APIError {
        APIError(412, "version_mismatch", "the version is \(actual), not \(expected)", headers: ["ETag": "\"\(actual)\""])
    }
    /// 413 `payload_too_large`.
    public static let payloadTooLarge = APIError(413, "payload_too_large", "the body is over 64 KiB")
    /// 503 `unavailable`, with `Retry-After`.
    public static func unavailable(retryAfter seconds: Int = 1) -> APIError {
        APIError(503, "unavailable", "the service is busy; retry shortly", headers: ["Retry-After": String(seconds)])
    }
    /// 500 `internal`.
    public static let internalError = APIError(500, "internal", "an internal error occurred")

    /// The JSON body.
    public var body: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.key("code"); writer.string(code)
        writer.key("message"); writer.string(message)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}

/// A domain error that says how the API answers it: its status, code and safe message.
///
/// ```swift
/// extension AccountError: APIErrorConvertible {
///     public var apiError: APIError {
///         switch self {
///         case .insufficientFunds(let balance, let requested):
///             APIError(422, "insufficient_funds", "the balance is \(balance), less than the \(requested) requested")
///         …
/// ```
public protocol APIErrorConvertible: Error {
    /// The answer to give.
    var apiError: APIError { get }
}
