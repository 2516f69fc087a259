
/// What can go wrong with a DynamoDB call. Messages name the operation and the table, never a secret.
public enum DynamoDBError: Error, Sendable, CustomStringConvertible {
    /// The request is invalid before it is sent (too large, a bad table name, a bad number).
    case invalidRequest(String)
    /// A condition expression failed; `item` is the existing item when `ALL_OLD` was asked for.
    case conditionalCheckFailed(table: String?, item: [String: AttributeValue]?)
    /// A transaction was cancelled; one reason per action, in order (`code` is `None` for actions that were fine).
    case transactionCanceled(reasons: [CancellationReason])
    /// A transaction with the same client request token is still in progress, or the items are being changed.
    case transactionConflict(String)
    /// Throttled after every retry.
    case throttled(operation: String, message: String)
    case validation(operation: String, message: String)
    case resourceNotFound(table: String?, message: String)
    /// The credentials were refused: unknown key, bad signature, expired token, or not allowed.
    case accessDenied(code: String, message: String)
    /// A 5xx after every retry.
    case serviceUnavailable(operation: String, status: Int, message: String)
    /// The request never got an HTTP answer after every retry.
    case transport(operation: String, message: String)
    /// The call's deadline (or the per-attempt timeout) passed.
    case timeout(operation: String)
    /// An error type this client does not model.
    case other(operation: String, status: Int, type: String, message: String)

    /// One action's outcome in a cancelled transaction.
    public struct CancellationReason: Sendable, Equatable {
        /// DynamoDB's code for the action's outcome, such as `ConditionalCheckFailed`; `None` when it was fine.
        public var code: String
        /// DynamoDB's explanation, when it gives one.
        public var message: String?
        /// The item as it is, when the action failed its condition and asked for `ALL_OLD`.
        public var item: [String: AttributeValue]?
    }

    /// True for failures that a later attempt may not see (throttling, 5xx, connection loss, timeouts).
    public var isRetryable: Bool {
        switch self {
        case .throttled, .serviceUnavailable, .transport, .timeout, .transactionConflict: true
        default: false
        }
    }

    /// A one-line account of the error, naming the operation or table when known.
    public var description: String {
        switch self {
        case .invalidRequest(let reason): "invalid DynamoDB request: \(reason)"
        case .conditionalCheckFailed(let table, _): "the condition failed\(table.map { " on table \($0)" } ?? "")"
        case .transactionCanceled(let reasons):
            "the transaction was cancelled: " + reasons.enumerated().map { "action \($0.offset): \($0.element.code)" }.joined(separator: ", ")
        case .transactionConflict(let message): "transaction conflict: \(message)"
        case .throttled(let operation, let message): "\(operation) was throttled after every retry: \(message)"
        case .validation(let operation, let message): "\(operation) was rejected: \(message)"
        case .resourceNotFound(let table, let message): "not found\(table.map { " (table \($0))" } ?? ""): \(message)"
        case .accessDenied(let code, let message): "access denied (\(code)): \(message)"
        case .serviceUnavailable(let operation, let status, let message): "\(operation) failed with HTTP \(status) after every retry: \(message)"
        case .transport(let operation, let message): "\(operation) could not reach DynamoDB: \(message)"
        case .timeout(let operation): "\(operation) timed out"
        case .other(let operation, let status, let type, let message): "\(operation) failed with HTTP \(status) \(type): \(message)"
        }
    }
}
