/// What can go wrong in an event store. Each case says enough to act on, and nothing secret.
public enum EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream is not at the expected version (someone else appended first).
    case versionConflict(streamID: String, expected: Int64)
    /// The idempotency key is already used; the existing record is attached.
    case idempotencyKeyExists(IdempotencyRecord)
    /// An event, snapshot or batch exceeds a DynamoDB limit (the message names it).
    case tooLarge(String)
    /// The request is invalid (for example a version below zero, or an empty batch).
    case invalid(String)
    /// The store could not be reached or was throttled after retries.
    case unavailable(String)
    /// A stored item could not be read back (a bug or a hand-edited item).
    case corrupt(String)

    public var description: String {
        switch self {
        case .versionConflict(let stream, let expected): "stream \(stream) is no longer at version \(expected)"
        case .idempotencyKeyExists(let record): "idempotency key \(record.key) was already used"
        case .tooLarge(let message): message
        case .invalid(let message): "invalid request: \(message)"
        case .unavailable(let message): "the event store is unavailable: \(message)"
        case .corrupt(let message): "a stored item is corrupt: \(message)"
        }
    }
}
