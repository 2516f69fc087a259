import DynamoDB
import DynamoDBClient
import Synchronization

/// An event store in memory, for domain tests and local experiments. Safe under concurrency; enforces exactly
/// the rules of `DynamoDBEventStore` (it keeps the same items and checks the same conditions and limits).
public final class InMemoryEventStore: EventStore {
    private struct Tables: Sendable {
        var streams: [String: [Int64: Item]] = [:]
        var idempotency: [String: Item] = [:]
    }

    private let tables = Mutex(Tables())

    public init() {}

    public func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError) {
        try EventItemLayout.checkSequence(events, expectedVersion: expectedVersion)
        let items = events.map(EventItemLayout.item(for:)) + (idempotency.map { [EventItemLayout.item(for: $0)] } ?? [])
        try EventItemLayout.checkLimits(items)
        let streamID = events[0].streamID
        try tables.withLock { (tables: inout Tables) throws(EventStoreError) in
            if let record = idempotency, let existing = tables.idempotency[record.key] {
                throw .idempotencyKeyExists(EventItemLayout.idempotencyRecord(from: existing)!)
            }
            let stream = tables.streams[streamID] ?? [:]
            guard events.allSatisfy({ stream[$0.version] == nil }) else {
                throw .versionConflict(streamID: streamID, expected: expectedVersion)
            }
            for (event, item) in zip(events, items) { tables.streams[streamID, default: [:]][event.version] = item }
            if let record = idempotency { tables.idempotency[record.key] = items.last }
        }
    }

    public func load(
        streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool
    ) async throws(EventStoreError) -> StreamSlice {
        let stream = tables.withLock { $0.streams[streamID] ?? [:] }
        var events: [StoredEvent] = []
        var snapshot: StoredSnapshot?
        for key in stream.keys.sorted(by: >) where key <= (version ?? .max) {
            let item = stream[key]!
            if let candidate = EventItemLayout.snapshot(from: item), acceptsSnapshot(candidate) {
                snapshot = candidate
                break
            }
            if let event = try EventItemLayout.event(from: item) { events.append(event) }
        }
        return StreamSlice(snapshot: snapshot, events: events.reversed())
    }

    public func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent] {
        let stream = tables.withLock { $0.streams[streamID] ?? [:] }
        var events: [StoredEvent] = []
        for key in stream.keys.sorted() where key > after && key <= (upTo ?? .max) {
            if let limit, events.count >= limit { break }
            if let event = try EventItemLayout.event(from: stream[key]!) { events.append(event) }
        }
        return events
    }

    public func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError) {
        try tables.withLock { (tables: inout Tables) throws(EventStoreError) in
            guard var item = tables.streams[snapshot.streamID]?[snapshot.version] else {
                throw .invalid("stream \(snapshot.streamID) has no version \(snapshot.version) to attach a snapshot to")
            }
            item[EventItemLayout.snapshotAttribute] = EventItemLayout.snapshotValue(snapshot)
            let size = ItemSize.of(item)
            guard size <= DynamoDBClient.maxItemBytes else {
                throw .tooLarge("the event with its snapshot would be \(size) bytes, over DynamoDB's item limit of \(DynamoDBClient.maxItemBytes) bytes (400 KB)")
            }
            tables.streams[snapshot.streamID]![snapshot.version] = item
        }
    }

    public func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? {
        tables.withLock { $0.idempotency[key] }.flatMap(EventItemLayout.idempotencyRecord(from:))
    }
}
