/// Why a command did not append.
public enum DispatchError<Failure: Error>: Error, CustomStringConvertible {
    /// The handler refused the command (a domain rule, or `authorize`); `replayed` when this is the kept answer
    /// of an earlier attempt with the same idempotency key.
    case rejected(Failure, replayed: Bool = false)
    /// An expected version was given and the stream is elsewhere.
    case versionMismatch(expected: Int64, actual: Int64, replayed: Bool = false)
    /// Lost the optimistic-concurrency race on every attempt.
    case concurrencyConflict(attempts: Int)
    /// The idempotency key was used for a different request.
    case idempotencyKeyReused(key: String)
    /// The store failed, or an event could not be (de)serialized.
    case repository(RepositoryError)

    /// True when this is the kept answer of an earlier attempt with the same idempotency key.
    public var isReplayed: Bool {
        switch self {
        case .rejected(_, let replayed), .versionMismatch(_, _, let replayed): replayed
        default: false
        }
    }

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .rejected(let failure, _): "the command was rejected: \(failure)"
        case .versionMismatch(let expected, let actual, _): "expected version \(expected), the stream is at \(actual)"
        case .concurrencyConflict(let attempts): "lost the concurrency race \(attempts) times"
        case .idempotencyKeyReused(let key): "idempotency key \(key) was used for a different request"
        case .repository(let error): error.description
        }
    }
}
