import Synchronization

/// An event store in memory, for domain tests and local experiments. Safe under concurrency; enforces exactly
/// the rules of `DynamoDBEventStore`: writes build the same items (`EventItemLayout`) and pass the same conditions
/// and size limits. Reads return the events as stored, walking versions down from the newest.
public final class InMemoryEventStore: EventStore {
    private struct Stream: Sendable {
        var events: [Int64: StoredEvent] = [:]
        /// The newest snapshot: a stream keeps one.
        var snapshot: StoredSnapshot?
        var newest: Int64 = 0
    }

    private struct Tables: Sendable {
        var streams: [String: Stream] = [:]
        var idempotency: [String: IdempotencyRecord] = [:]
    }

    private let tables = Mutex(Tables())

    /// An empty store.
    public init() {}

    public func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError) {
        try EventItemLayout.checkSequence(events, expectedVersion: expectedVersion)
        let items = events.map(EventItemLayout.item(for:)) + (idempotency.map { [EventItemLayout.item(for: $0)] } ?? [])
        try EventItemLayout.checkLimits(items)
        let streamID = events[0].streamID
        try tables.withLock { (tables: inout Tables) throws(EventStoreError) in
            if let record = idempotency, let existing = tables.idempotency[record.key] {
                throw .idempotencyKeyExists(existing)
            }
            guard events.allSatisfy({ tables.streams[streamID]?.events[$0.version] == nil }) else {
                throw .versionConflict(streamID: streamID, expected: expectedVersion)
            }
            // Mutated in place: copying a stream out and back would copy every event it holds.
            for event in events {
                tables.streams[streamID, default: Stream()].events[event.version] = event
                tables.streams[streamID, default: Stream()].newest = max(tables.streams[streamID]?.newest ?? 0, event.version)
            }
            if let record = idempotency { tables.idempotency[record.key] = record }
        }
    }

    public func load(
        streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool
    ) async throws(EventStoreError) -> StreamSlice {
        guard let stream = tables.withLock({ $0.streams[streamID] }) else { return StreamSlice(snapshot: nil, events: []) }
        let snapshot = stream.snapshot.flatMap { $0.version <= version ?? .max && acceptsSnapshot($0) ? $0 : nil }
        let last = min(version ?? .max, stream.newest)
        var events: [StoredEvent] = []
        var current = (snapshot?.version ?? 0) + 1
        events.reserveCapacity(Int(max(0, last - current + 1)))
        while current <= last {
            if let event = stream.events[current] { events.append(event) }
            current += 1
        }
        return StreamSlice(snapshot: snapshot, events: events)
    }

    public func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent] {
        guard let stream = tables.withLock({ $0.streams[streamID] }) else { return [] }
        var events: [StoredEvent] = []
        var current = max(after, 0) + 1
        let last = min(upTo ?? .max, stream.newest)
        while current <= last {
            if let limit, events.count >= limit { break }
            if let event = stream.events[current] { events.append(event) }
            current += 1
        }
        return events
    }

    public func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError) {
        try EventItemLayout.checkSnapshot(snapshot)
        try tables.withLock { (tables: inout Tables) throws(EventStoreError) in
            guard tables.streams[snapshot.streamID]?.events[snapshot.version] != nil else {
                throw .invalid("stream \(snapshot.streamID) has no version \(snapshot.version) to take a snapshot at")
            }
            // A snapshot older than the one kept (a slow writer) changes nothing.
            if let kept = tables.streams[snapshot.streamID]?.snapshot, kept.version >= snapshot.version { return }
            tables.streams[snapshot.streamID]?.snapshot = snapshot
        }
    }

    public func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? {
        tables.withLock { $0.idempotency[key] }
    }

    public func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(EventStoreError) {
        try EventItemLayout.checkLimits([EventItemLayout.item(for: record)])
        try tables.withLock { (tables: inout Tables) throws(EventStoreError) in
            if let existing = tables.idempotency[record.key] { throw .idempotencyKeyExists(existing) }
            tables.idempotency[record.key] = record
        }
    }
}
