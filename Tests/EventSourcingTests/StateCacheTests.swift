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
    }

    @Test("forgetting a stale entry leaves one another task kept since")
    func forgetOnlyStale() {
        let cache = StateCache<Ledger>(capacity: 4)
        cache.keep(entry(8), for: "s")
        cache.forget(entry(7), for: "s")
        #expect(cache.entry(for: "s")?.version == 8)
        cache.forget(entry(8), for: "s")
        #expect(cache.entry(for: "s") == nil)
    }

    @Test("a full cache drops the quarter of its streams used longest ago, at once")
    func dropsAQuarter() {
        let cache = StateCache<Ledger>(capacity: 8)
        for stream in 0..<8 { cache.keep(entry(1), for: "s\(stream)") }
        for stream in [0, 2] { _ = cache.entry(for: "s\(stream)") }  // s1 and s3 are now the two used longest ago
        cache.keep(entry(1), for: "s8")
        #expect(cache.count == 7)
        #expect(cache.entry(for: "s1") == nil && cache.entry(for: "s3") == nil)
        #expect([0, 2, 4, 5, 6, 7, 8].allSatisfy { cache.entry(for: "s\($0)") != nil })
    }

    @Test("a capacity of 0 keeps nothing, and a repository with it loads in full each time")
    func disabled() async throws {
        let cache = StateCache<Ledger>(capacity: 0)
        cache.keep(entry(1), for: "s")
        #expect(cache.count == 0)
        let store = InMemoryEventStore()
        let repository = Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 0, stateCache: cache)
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        for amount in 1...3 {
            _ = try await dispatcher.dispatch(.add(amount), to: "s")
            let loaded = try await repository.load("s")
            #expect(loaded.cachedVersion == 0 && loaded.eventsRead == amount && loaded.version == Int64(amount))
        }
    }

    @Test("an event a cached load cannot read is the same error as in a full load, and the cached state stays usable")
    func unreadableEventAfterTheCache() async throws {
        let store = InMemoryEventStore()
        let cache = StateCache<Ledger>(capacity: 4)
        let repository = Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 0, stateCache: cache)
        try await store.append((1...2).map { storedEvent("s", Int64($0)) }, expectedVersion: 0, idempotency: nil)
        #expect(try await repository.load("s").version == 2 && cache.entry(for: "s")?.version == 2)
        try await store.append([storedEvent("s", 3, type: "Mystery", schema: 1, payload: [:])], expectedVersion: 2, idempotency: nil)
        await #expect(throws: RepositoryError.unreadableEvent(streamID: "s", version: 3, .unknownEventType("Mystery"))) {
            _ = try await repository.load("s")
        }
        #expect(cache.entry(for: "s")?.version == 2)
        let before = try await repository.load("s", at: 2)
        #expect(before.cachedVersion == 2 && before.state.total == 2)
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
