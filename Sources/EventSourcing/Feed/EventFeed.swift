import Synchronization

/// The global ordered feed: every event appended gets a position in one order across all streams, consistent with
/// each stream's version order, written from the change stream (`index`) and read from any position (`read`).
///
/// Indexing takes the events in the order a change stream delivers them and writes them in chunks, each one
/// atomic step (`FeedStore.commit`) that gives the chunk's events the next positions and moves the head and each
/// stream's indexed version, on the condition that nobody moved them meanwhile. Hence:
/// - **Positions are dense** — never lost, never given twice — because they are taken only with their entries.
/// - **Exactly once under redelivery**: a redelivered event is at or below its stream's indexed version; the step
///   that would index it again fails its condition, the versions are read, and it is dropped.
/// - **Each stream in version order**: an event is indexed only right after its stream's previous version; when
///   that one is missing (a batch lost to a dead-letter queue, a feed turned on late), it is read from the event
///   store and indexed first.
/// - **Monotonic for readers**: a reader reads consecutive positions and stops before the first it does not see, so
///   no position it has not read can appear behind it.
///
/// The head is one item that every step moves: steps are serialized on it. That is the feed's throughput limit.
public final class EventFeed: Sendable {
    /// Where the feed is kept.
    public let store: any FeedStore
    /// Where gaps are filled from.
    public let eventStore: any EventStore
    /// Steps lost to a conflict before indexing gives up (the batch is then retried from its first failure).
    public let maxAttempts: Int
    /// The head as this indexer last wrote or read it: right unless another indexer moved it since.
    private let knownHead = Mutex<Int64?>(nil)

    /// A feed in `store` of the events in `eventStore`.
    public init(store: any FeedStore, eventStore: any EventStore, maxAttempts: Int = 8) {
        self.store = store
        self.eventStore = eventStore
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Up to `limit` events from `position`, at consecutive positions (empty when none is there yet).
    public func read(from position: Int64, limit: Int) async throws(FeedError) -> [FeedEvent] {
        let entries = try await store.entries(from: position, limit: limit)
        guard !entries.isEmpty else { return [] }
        let events = try await store.events(of: entries)
        return zip(entries, events).map { FeedEvent(position: $0.position, event: $1) }
    }

    /// Indexes `events`, in the order a change stream delivered them (each stream's in version order): those
    /// already indexed are skipped, gaps are filled from the event store first.
    public func index(_ events: [StoredEvent]) async -> FeedIndexOutcome {
        var outcome = FeedIndexOutcome()
        // Versions read from the store: what a stream has for sure. Streams not read yet are assumed to continue
        // from the event before the first one met, which is what a change stream delivers (a step finds out if not).
        var indexed: [String: Int64] = [:]
        var next = 0
        var attempts = 0
        while next < events.count {
            let plan: Plan
            do {
                plan = try await self.plan(events, from: next, indexed: indexed)
            } catch {
                outcome.failure = .init(index: next, reason: "filling a gap before event \(events[next].version) of stream \(events[next].streamID): \(error)")
                return outcome
            }
            guard let chunk = plan.chunk else {
                // Nothing to write: duplicates only. (A plan that neither writes nor skips would loop forever.)
                guard plan.consumed > next else {
                    outcome.failure = .init(index: next, reason: "event \(events[next].version) of stream \(events[next].streamID) does not fit a step")
                    return outcome
                }
                outcome.duplicates += plan.duplicates
                next = plan.consumed
                continue
            }
            do {
                let start = try await head()
                let placed = FeedChunk(start: start, events: chunk.events, expected: chunk.expected)
                try await store.commit(placed)
                knownHead.withLock { $0 = start + Int64(chunk.events.count) }
                for (stream, version) in placed.last { indexed[stream] = version }
                outcome.commits += 1
                outcome.writeUnits += placed.writeUnits
                outcome.indexed += chunk.events.count
                outcome.filled += plan.filled
                outcome.duplicates += plan.duplicates
                next = plan.consumed
                attempts = 0
            } catch .conflict {
                outcome.conflicts += 1
                knownHead.withLock { $0 = nil }
                let read: [String: Int64]
                do {
                    read = try await store.indexedVersions(of: Array(chunk.expected.keys))
                } catch {
                    outcome.failure = .init(index: next, reason: "reading the feed's streams: \(error)")
                    return outcome
                }
                // A stream that was not where the step expected (a redelivery, events indexed earlier) is now known:
                // the next plan differs. Otherwise the head moved: another indexer got there first.
                let learned = chunk.expected.contains { read[$0.key] ?? 0 != $0.value }
                for stream in chunk.expected.keys { indexed[stream] = read[stream] ?? 0 }
                if learned { continue }
                attempts += 1
                guard attempts < maxAttempts else {
                    outcome.failure = .init(index: next, reason: "the feed kept moving: \(attempts) steps in a row lost to other indexers")
                    return outcome
                }
                // Wait a little, at random, before trying again.
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...(10 << min(attempts, 5)))))
            } catch {
                outcome.failure = .init(index: next, reason: "indexing event \(events[next].version) of stream \(events[next].streamID): \(error)")
                return outcome
            }
        }
        return outcome
    }

    /// The next chunk to write from `events[from...]`: the events to index (gap fillers first), the versions they
    /// expect, how many of `events` it consumes, and how many were duplicates.
    struct Plan {
        var chunk: FeedChunk?
        var consumed: Int
        var duplicates = 0
        var filled = 0
    }

    private func plan(_ events: [StoredEvent], from start: Int, indexed: [String: Int64]) async throws(EventStoreError) -> Plan {
        var chunk = FeedChunk(start: 0, events: [], expected: [:])
        var plan = Plan(consumed: start)
        var known = indexed
        var bytes = 0
        while plan.consumed < events.count {
            let event = events[plan.consumed]
            let before = known[event.streamID] ?? event.version - 1
            if event.version <= before {
                plan.duplicates += 1
                plan.consumed += 1
                continue
            }
            var adding = [event]
            if event.version > before + 1 {
                adding = try await eventStore.events(streamID: event.streamID, after: before, upTo: event.version - 1, limit: nil) + [event]
                guard adding.count == Int(event.version - before) else {
                    throw .corrupt("events \(before + 1)…\(event.version - 1) of stream \(event.streamID) are not all in the event store")
                }
            }
            if chunk.expected[event.streamID] == nil, chunk.expected.count == FeedChunk.maxStreams { break }
            // What fits: the chunk's entries and its one item's 400 KB (a kilobyte kept for its key and list).
            var fits = 0
            var added = 0
            for candidate in adding {
                let size = 1 + ItemSize.of(FeedItemLayout.entry(FeedEntry(position: 0, event: candidate)))
                guard chunk.events.count + fits < FeedChunk.maxEntries, bytes + added + size <= ItemSize.maxItemBytes - 1_024 else { break }
                fits += 1
                added += size
            }
            if fits < adding.count {
                // A gap longer than a step: index its first part now, the rest (and the event) in the next steps.
                guard chunk.events.isEmpty, fits > 0 else { break }
                adding = Array(adding.prefix(fits))
            }
            bytes += added
            chunk.expected[event.streamID] = chunk.expected[event.streamID] ?? before
            chunk.events += adding
            plan.filled += adding.count - (adding.last == event ? 1 : 0)
            known[event.streamID] = adding.last?.version
            guard adding.last == event else { break }
            plan.consumed += 1
        }
        if !chunk.events.isEmpty { plan.chunk = chunk }
        return plan
    }

    private func head() async throws(FeedError) -> Int64 {
        if let known = knownHead.withLock({ $0 }) { return known }
        let read = try await store.head()
        knownHead.withLock { $0 = read }
        return read
    }
}
