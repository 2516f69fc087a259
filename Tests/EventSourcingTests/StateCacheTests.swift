import EventSourcing
@testable import EventSourcingTesting
import Synchronization
import Testing

@Suite("The state cache")
struct StateCacheTests {
    private func entry(_ version: Int64, total: Int = 0) -> StateCache<Ledger>.Entry {
        .init(state: Ledger(total: total), version: version, eventID: "e\(version)")
    }

    @Test("past its capacity, the stream used longest ago is dropped")
    func leastRecentlyUsed() {
        let cache = StateCache<Ledger>(capacity: 2)
        cache.keep(entry(1), for: "a")
        cache.keep(entry(1), for: "b")
        _ = cache.entry(for: "a")  // b is now the one used longest ago
        cache.keep(entry(1), for: "c")
        #expect(cache.count == 2)
        #expect(cache.entry(for: "a") != nil && cache.entry(for: "b") == nil && cache.entry(for: "c") != nil)
    }

    @Test("a newer version is never replaced by an older one")
    func newestWins() {
        let cache = StateCache<Ledger>(capacity: 4)
        cache.keep(entry(7, total: 70), for: "s")
        cache.keep(entry(5, total: 50), for: "s")
        #expect(cache.entry(for: "s")?.version == 7 && cache.entry(for: "s")?.state.total == 70)
        cache.keep(entry(8, total: 80), for: "s")
        #expect(cache.entry(for: "s")?.eventID == "e8")
        cache.forget("s")
        #expect(cache.entry(for: "s") == nil)
    }

    @Test("a capacity of 0 keeps nothing, and a repository with it loads in full each time")
    func disabled() async throws {
        let cache = StateCache<Ledger>(capacity: 0)
        cache.keep(entry(1), for: "s")
        #expect(cache.count == 0)
        let store = InMemoryEventStore()
        let repository = Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 0, stateCache: cache)
        _ = try await CommandDispatcher(handler: LedgerHandler(), repository: repository).dispatch(.add(3), to: "s")
        let loaded = try await repository.load("s")
        #expect(loaded.cachedVersion == 0 && loaded.eventsRead == 1 && loaded.state.total == 3)
    }

    @Test("a cached load reads the stream from the cached version on, never its snapshot")
    func readsOnlyNewEvents() async throws {
        let store = RecordingEventStore(base: InMemoryEventStore())
        let repository = Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 2, stateCache: StateCache(capacity: 4))
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        for amount in 1...5 { _ = try await dispatcher.dispatch(.add(amount), to: "s") }
        // Loads 1 and 2 are full (nothing to cache before the first event); 3…5 and this one start from the cache.
        let loaded = try await repository.load("s")
        #expect(loaded.state.total == 15 && loaded.version == 5 && loaded.cachedVersion == 4)
        #expect(store.calls == ["load", "load", "events after 0", "events after 1", "events after 2", "events after 3"])
    }
}

/// A real store that notes which reads it serves.
private final class RecordingEventStore: EventStore {
    let base: InMemoryEventStore
    private let recorded = Mutex<[String]>([])

    init(base: InMemoryEventStore) { self.base = base }

    var calls: [String] { recorded.withLock { $0 } }
    private func note(_ call: String) { recorded.withLock { $0.append(call) } }

    func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError) {
        try await base.append(events, expectedVersion: expectedVersion, idempotency: idempotency)
    }

    func load(streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool) async throws(EventStoreError) -> StreamSlice {
        note("load")
        return try await base.load(streamID: streamID, upTo: version, acceptsSnapshot: acceptsSnapshot)
    }

    func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent] {
        note("events after \(after)")
        return try await base.events(streamID: streamID, after: after, upTo: upTo, limit: limit)
    }

    func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError) { try await base.saveSnapshot(snapshot) }
    func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? { try await base.idempotencyRecord(key: key) }
    func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(EventStoreError) { try await base.saveIdempotencyRecord(record) }
}
