import EventSourcing

/// What the feed runs on: the events, the feed's store, and read models for subscriptions.
public struct FeedStores: Sendable {
    /// The events the feed refers to.
    public var events: any ScannableEventStore
    /// The feed.
    public var feed: any FeedStore
    /// Subscriptions' documents and checkpoints.
    public var readModels: any ReadModelStore

    /// Stores for one check.
    public init(events: any ScannableEventStore, feed: any FeedStore, readModels: any ReadModelStore) {
        self.events = events
        self.feed = feed
        self.readModels = readModels
    }
}

/// The `FeedStore` contract and the feed's guarantees as checks (`EventFeed`, `FeedSubscription`), for
/// `InMemoryFeedStore`, `DynamoDBFeedStore` and any store of your own.
public enum FeedConformance {
    /// Every check.
    public static let checks: [ConformanceCheck<FeedStores>] = storeChecks + orderChecks + subscriptionChecks

    static let storeChecks: [ConformanceCheck<FeedStores>] = [
        ConformanceCheck("a chunk is committed atomically on its conditions: a stale head or stream version writes nothing") { make in
            let stores = try await make()
            let a = (1...3).map { storedEvent("a", $0) }, b = [storedEvent("b", 1)]
            try await stores.feed.commit(FeedChunk(start: 0, events: [a[0], a[1], b[0]], expected: ["a": 0, "b": 0]))
            for (what, chunk) in [
                ("a stale head", FeedChunk(start: 0, events: [a[2]], expected: ["a": 2])),
                ("a stale stream", FeedChunk(start: 3, events: [a[1], a[2]], expected: ["a": 1])),
                ("a stream expected new that is not", FeedChunk(start: 3, events: [storedEvent("c", 1), b[0]], expected: ["c": 0, "b": 0])),
            ] {
                try await expectError(what, matching: { $0 == FeedError.conflict }) { () throws(FeedError) in try await stores.feed.commit(chunk) }
            }
            let (head, versions) = (try await stores.feed.head(), try await stores.feed.indexedVersions(of: ["a", "b", "c"]))
            try expect(head == 3 && versions == ["a": 2, "b": 1], "after refused chunks: head \(head), versions \(versions)")
            for (what, chunk) in [
                ("an empty chunk", FeedChunk(start: 3, events: [], expected: [:])),
                ("a stream's versions out of order", FeedChunk(start: 3, events: [storedEvent("c", 2), storedEvent("c", 1)], expected: ["c": 0])),
                ("99 streams, one more than a transaction holds", FeedChunk(
                    start: 3, events: (1...99).map { storedEvent("d\($0)", 1) }, expected: Dictionary(uniqueKeysWithValues: (1...99).map { ("d\($0)", 0) }))),
                ("101 events", FeedChunk(start: 3, events: (1...101).map { storedEvent("d", Int64($0)) }, expected: ["d": 0])),
            ] {
                try await expectError(what, matching: { if case .invalid = $0 { true } else { false } }) { () throws(FeedError) in try await stores.feed.commit(chunk) }
            }
        },
        ConformanceCheck("entries read back in order from any position, within and across chunks, resolved to their events") { make in
            let stores = try await make()
            let feed = EventFeed(store: stores.feed, eventStore: stores.events)
            var appended: [StoredEvent] = []
            for stream in ["a", "b", "c"] { appended += try await appendEvents(stores, stream, 60) }
            // Batches of 50 events: steps of 50 positions.
            for start in stride(from: 0, to: appended.count, by: 50) {
                let outcome = await feed.index(Array(appended[start..<min(appended.count, start + 50)]))
                try expect(outcome.failure == nil && outcome.commits == 1, "indexing did \(outcome)")
            }
            for (from, limit) in [(0, 7), (45, 100), (49, 2), (50, 50), (120, 33)] as [(Int, Int)] {
                let read = try await feed.read(from: Int64(from), limit: limit)
                try expect(read.map(\.position) == Array(Int64(from)..<Int64(from + limit)) && read.map(\.event) == Array(appended[from..<from + limit]),
                           "positions \(from)… read \(read.map(\.position))")
            }
            let tail = try await feed.read(from: 170, limit: 100)
            try expect(tail.map(\.position) == Array(170..<180), "the tail read \(tail.map(\.position))")
            try expect(try await feed.read(from: 180, limit: 10).isEmpty, "something past the head")
        },
    ]
}
