/// What one atomic step of indexing writes (`FeedStore.commit`): consecutive positions from `start` for `events`,
/// the head moved from `start` past them, and each stream's indexed version moved from what `expected` says to its
/// last event's. The stream conditions are what keep a redelivered event from being indexed twice and a stream's
/// events in version order; the head's is what keeps positions dense.
public struct FeedChunk: Sendable, Equatable {
    /// The first position; the head must be here.
    public var start: Int64
    /// The events, in the order of their positions; per stream, consecutive versions.
    public var events: [StoredEvent]
    /// Per stream of `events`, the version indexed before this chunk (0: none).
    public var expected: [String: Int64]

    /// A chunk.
    public init(start: Int64, events: [StoredEvent], expected: [String: Int64]) {
        self.start = start
        self.events = events
        self.expected = expected
    }

    /// The entries the chunk writes.
    public var entries: [FeedEntry] { events.enumerated().map { FeedEntry(position: start + Int64($0.offset), event: $0.element) } }

    /// Per stream, the version indexed after this chunk.
    public var last: [String: Int64] {
        events.reduce(into: [:]) { $0[$1.streamID] = max($0[$1.streamID] ?? 0, $1.version) }
    }

    /// The most actions one step may hold: a DynamoDB transaction's 100 (the head, a condition per stream, the entries).
    public static let maxActions = 100

    /// Actions the chunk takes: one per entry, one per stream, one for the head.
    public var actions: Int { events.count + expected.count + 1 }

    /// Checks that the chunk can be written: not empty, within `maxActions`, each stream's events consecutive after
    /// its expected version.
    public func check() throws(FeedError) {
        guard !events.isEmpty else { throw .invalid("a feed chunk holds at least one event") }
        guard actions <= Self.maxActions else {
            throw .invalid("a feed chunk takes at most \(Self.maxActions) actions (entries, streams and the head), not \(actions)")
        }
        guard start >= 0 else { throw .invalid("a feed position is 0 or more, not \(start)") }
        var next = expected
        for event in events {
            guard let before = next[event.streamID], event.version == before + 1 else {
                throw .invalid("event \(event.version) of stream \(event.streamID) does not follow version \(next[event.streamID].map(String.init) ?? "(none expected)") in the chunk")
            }
            next[event.streamID] = event.version
        }
    }
}
