import EventSourcing

extension FeedConformance {
    static let orderChecks: [ConformanceCheck<FeedStores>] = [
        ConformanceCheck("redelivered batches, whole or in part, index nothing twice; positions stay dense from 0") { make in
            let stores = try await make()
            let feed = EventFeed(store: stores.feed, eventStore: stores.events)
            let a = try await appendEvents(stores, "a", 6), b = try await appendEvents(stores, "b", 4)
            let batch = [a[0], a[1], b[0], a[2], b[1]]
            _ = await feed.index(batch)
            let again = await feed.index(batch)
            let overlapping = await EventFeed(store: stores.feed, eventStore: stores.events).index([a[2], b[1], a[3], b[2], a[4]])
            try expect(again.indexed == 0 && again.duplicates == 5 && again.failure == nil, "the redelivery did \(again)")
            try expect(overlapping.indexed == 3 && overlapping.duplicates == 2, "the overlapping batch did \(overlapping)")
            try await expectFeed(stores, holds: ["a": 5, "b": 3])
        },
        ConformanceCheck("a stream's missing events (a lost batch, a feed turned on late) are read from the event store and indexed first, in order") { make in
            let stores = try await make()
            let feed = EventFeed(store: stores.feed, eventStore: stores.events)
            let long = try await appendEvents(stores, "long", 230)
            let short = try await appendEvents(stores, "short", 3)
            let outcome = await feed.index([short[0], long[229], short[2]])
            try expect(outcome.failure == nil && outcome.indexed == 233 && outcome.filled == 230, "indexing did \(outcome)")
            try await expectFeed(stores, holds: ["long": 230, "short": 3])
        },
        ConformanceCheck("a feed seeded from a scan of the event store while the live indexer runs holds every event once, each stream in order") { make in
            let stores = try await make()
            var lengths: [String: Int64] = [:]
            var live: [StoredEvent] = []
            for number in 1...5 {
                let events = try await appendEvents(stores, "s\(number)", number * 30)
                lengths["s\(number)"] = Int64(number * 30)
                live += events.suffix(2)
            }
            async let seeded = EventFeed(store: stores.feed, eventStore: stores.events).seed(from: stores.events, pageSize: 40)
            let indexed = await EventFeed(store: stores.feed, eventStore: stores.events, maxAttempts: 50).index(live)
            let seed = try await seeded
            try expect(indexed.failure == nil && seed.indexed + indexed.indexed == 450, "seeding indexed \(seed.indexed), the live indexer \(indexed)")
            try await expectFeed(stores, holds: lengths)
            let again = try await EventFeed(store: stores.feed, eventStore: stores.events).seed(from: stores.events)
            try expect(again.indexed == 0 && again.duplicates == 450, "seeding again did \(again)")
        },
        ConformanceCheck("indexers racing on one feed, a reader following the head: dense positions, each stream in order, none appearing behind the reader") { make in
            let stores = try await make()
            var batches: [[StoredEvent]] = []
            for number in 1...4 {
                let events = try await appendEvents(stores, "s\(number)", 60)
                // Each stream comes in batches of 15, the last one delivered twice.
                batches.append(contentsOf: stride(from: 0, to: 60, by: 15).map { Array(events[$0..<$0 + 15]) } + [Array(events[45..<60])])
            }
            let total = 240
            // Three indexers take the batches in turn, so a stream's batches race each other (and arrive out of order).
            let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for indexer in 0..<3 {
                    let mine = batches.enumerated().filter { $0.offset % 3 == indexer }.map(\.element)
                    group.addTask {
                        let feed = EventFeed(store: stores.feed, eventStore: stores.events, maxAttempts: 50)
                        for batch in mine {
                            let outcome = await feed.index(batch)
                            try expect(outcome.failure == nil, "an indexer failed: \(String(describing: outcome.failure))")
                        }
                        return []
                    }
                }
                group.addTask {
                    let reader = EventFeed(store: stores.feed, eventStore: stores.events)
                    var seen: [Int64] = []
                    while seen.count < total {
                        let page = try await reader.read(from: Int64(seen.count), limit: 25)
                        for event in page {
                            try expect(event.position == Int64(seen.count), "the reader at \(seen.count) was given \(event.position)")
                            seen.append(event.position)
                        }
                        if page.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    return seen
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            try expect(seen == Array(0..<Int64(total)), "the reader saw positions out of order")
            try await expectFeed(stores, holds: ["s1": 60, "s2": 60, "s3": 60, "s4": 60])
        },
    ]

    /// Appends `count` events to `stream`.
    static func appendEvents(_ stores: FeedStores, _ stream: String, _ count: Int) async throws -> [StoredEvent] {
        let events = (1...count).map { storedEvent(stream, Int64($0)) }
        for start in stride(from: 0, to: count, by: 100) {
            try await stores.events.append(Array(events[start..<min(count, start + 100)]), expectedVersion: Int64(start), idempotency: nil)
        }
        return events
    }

    /// Checks that the feed holds exactly `streams`' events, each once, positions 0… without gaps, every stream's in
    /// version order.
    static func expectFeed(_ stores: FeedStores, holds streams: [String: Int64]) async throws {
        let feed = EventFeed(store: stores.feed, eventStore: stores.events)
        var all: [FeedEvent] = []
        while true {
            let page = try await feed.read(from: Int64(all.count), limit: 100)
            if page.isEmpty { break }
            all += page
        }
        let total = streams.values.reduce(0, +)
        try expect(all.map(\.position) == Array(0..<total), "positions \(all.map(\.position))")
        try expect(try await stores.feed.head() == total, "the head is not at \(total)")
        var versions: [String: Int64] = [:]
        for item in all {
            try expect(item.event.version == (versions[item.event.streamID] ?? 0) + 1, "position \(item.position): \(item.event.streamID) \(item.event.version) after \(versions[item.event.streamID] ?? 0)")
            versions[item.event.streamID] = item.event.version
        }
        try expect(versions == streams, "the feed holds \(versions)")
        try expect(try await stores.feed.indexedVersions(of: Array(streams.keys)) == streams, "the streams' indexed versions")
    }
}
