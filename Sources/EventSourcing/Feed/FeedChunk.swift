/// What one atomic step of indexing writes (`FeedStore.commit`): consecutive positions from `start` for `events`
/// (one chunk item, `FeedItemLayout`), the head moved from `start` past them, and each stream's indexed version moved from what `expected` says to its
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

    /// The most streams one step may move: a DynamoDB transaction's 100 actions, less the head and the chunk.
    public static let maxStreams = 98
    /// The most entries one step may write (its item also stays within 400 KB): about 11 KB, a reader's page, so
    /// that a reader never reads a large item for a few of its entries.
    public static let maxEntries = 100

    /// The write units the step costs, by DynamoDB's rules for a transaction: the chunk's item, the head and each
    /// stream's item, one unit per KB rounded up, twice.
    public var writeUnits: Double {
        let head = FeedItemLayout.headKey.merging(["next": .number(String(start + Int64(events.count)))]) { $1 }
        let streams = last.map { FeedItemLayout.streamKey($0.key).merging(["version": .number(String($0.value))]) { $1 } }
        return ([head, FeedItemLayout.item(for: entries)] + streams).reduce(0) { $0 + ItemSize.writeUnits(bytes: ItemSize.of($1), transactional: true) }
    }

    /// Checks that the chunk can be written: not empty, within `maxStreams`, `maxEntries` and an item's 400 KB,
    /// each stream's events consecutive after its expected version.
    public func check() throws(FeedError) {
        guard !events.isEmpty else { throw .invalid("a feed chunk holds at least one event") }
        guard expected.count <= Self.maxStreams, events.count <= Self.maxEntries else {
            throw .invalid("a feed chunk holds at most \(Self.maxEntries) events of \(Self.maxStreams) streams, not \(events.count) of \(expected.count)")
        }
        let size = ItemSize.of(FeedItemLayout.item(for: entries))
        guard size <= ItemSize.maxItemBytes else {
            throw .invalid("a feed chunk is one item of at most \(ItemSize.maxItemBytes) bytes (400 KB), not \(size)")
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
