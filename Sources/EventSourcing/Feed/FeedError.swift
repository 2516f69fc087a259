/// What can go wrong with the feed. Each case says enough to act on.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The head or a stream moved since it was read (another indexer, or a redelivery): read them again.
    case conflict
    /// A request the feed cannot take (an empty or oversized chunk, a position below 0).
    case invalid(String)
    /// The feed's store could not be reached or was throttled after retries.
    case unavailable(String)
    /// A stored entry cannot be read back, or refers to an event the event store does not hold.
    case corrupt(String)
    /// The event store failed (filling a gap, resolving entries).
    case events(EventStoreError)
    /// A subscription's read models failed.
    case readModels(ReadModelError)
    /// A subscription cannot apply an event: the read model's code refuses it.
    case projection(String)
    /// The task was cancelled.
    case cancelled

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .conflict: "the feed moved meanwhile"
        case .invalid(let message): "invalid feed request: \(message)"
        case .unavailable(let message): "the feed is unavailable: \(message)"
        case .corrupt(let message): "the feed is corrupt: \(message)"
        case .events(let error): error.description
        case .readModels(let error): error.description
        case .projection(let message): message
        case .cancelled: "stopped before the end: run it again to resume"
        }
    }
}
