/// What a load returns: a snapshot (if a usable one exists) and the events after it, oldest first.
public struct StreamSlice: Sendable, Equatable {
    /// The newest snapshot the caller accepted, if any.
    public var snapshot: StoredSnapshot?
    /// The events after the snapshot (or from version 1), oldest first.
    public var events: [StoredEvent]

    /// A slice.
    public init(snapshot: StoredSnapshot?, events: [StoredEvent]) {
        self.snapshot = snapshot
        self.events = events
    }

    /// The version the slice reaches: its last event's, else its snapshot's, else 0.
    public var version: Int64 { events.last?.version ?? snapshot?.version ?? 0 }
}
