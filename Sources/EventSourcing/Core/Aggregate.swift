/// State folded from a stream's events.
///
/// Contract: `init()` is the state before any event; `apply(_:)` is a pure function of the state and the event
/// (no I/O, no clock, no randomness), so that replaying the same events always gives the same state. The state is
/// `Codable` so that it can be kept as a snapshot.
public protocol Aggregate: Sendable, Codable {
    /// The domain's events (usually an enum of `EventPayload` structs).
    associatedtype Event: Sendable
    /// The state before any event.
    init()
    /// Folds one event into the state.
    mutating func apply(_ event: Event)
    /// Bumped when the state's Codable shape changes: a snapshot of another version is ignored (the state is
    /// rebuilt from events instead), or upcast when the repository is given an upcaster for it.
    static var snapshotSchemaVersion: Int { get }
}

extension Aggregate {
    /// Snapshots are at schema 1 until the state's shape changes.
    public static var snapshotSchemaVersion: Int { 1 }

    /// The state after `events`, starting from `self`.
    public func folding<Events: Sequence>(_ events: Events) -> Self where Events.Element == Event {
        var state = self
        for event in events { state.apply(event) }
        return state
    }
}

/// An aggregate that belongs to someone: the caller who created it. The Lambda kit shows a stream only to its owner.
public protocol OwnedAggregate: Aggregate {
    /// The owner, or nil before the stream's first event.
    var owner: String? { get }
}
