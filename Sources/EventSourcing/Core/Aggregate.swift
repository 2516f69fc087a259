/// State folded from a stream's events.
///
/// Contract: `init()` is the state before any event; `apply(_:)` is a pure function of the state and the event
/// (no I/O, no clock, no randomness), so that replaying the same events always gives the same state.
public protocol Aggregate: Sendable, Codable {
    associatedtype Event: Sendable
    init()
    mutating func apply(_ event: Event)
    /// Bumped when the state's Codable shape changes: a snapshot of another version is ignored (the state is
    /// rebuilt from events instead).
    static var snapshotSchemaVersion: Int { get }
}

extension Aggregate {
    public static var snapshotSchemaVersion: Int { 1 }

    /// The state after `events`, starting from `self`.
    public func folding<Events: Sequence>(_ events: Events) -> Self where Events.Element == Event {
        var state = self
        for event in events { state.apply(event) }
        return state
    }
}
