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

    /// Appends `events` after `expectedVersion`, with `idempotency` if given: all of them or, on a conflict, none.
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

    /// The kept snapshot, if at or below `version` and accepted, and the events after it up to `version`.
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

    /// Events with versions after `after` (and at most `upTo`), oldest first, at most `limit` of them.
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

    /// Keeps `snapshot` unless a snapshot at or after its version is kept; `invalid` if its version has no event.
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

    /// The decision kept under `key`, if any.
    public func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? {
        tables.withLock { $0.idempotency[key] }
    }

    /// Keeps `record` if its key is unused; otherwise `idempotencyKeyExists` with the record kept first.
    public func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(EventStoreError) {
        try EventItemLayout.checkLimits([EventItemLayout.item(for: record)])
        try tables.withLock { (tables: inout Tables) throws(EventStoreError) in
            if let existing = tables.idempotency[record.key] { throw .idempotencyKeyExists(existing) }
            tables.idempotency[record.key] = record
        }
    }
}

extension InMemoryEventStore: ScannableEventStore {
    /// A scan as DynamoDB reads one: each stream in the segment its id hashes to, segments in hash order, a
    /// stream's items (its snapshot below its events, at key 0) in key order, kept decisions too,
    /// pages of at most `limit` items and 1 MB.
    public func scan(segment: Int, of segments: Int, after cursor: JSON?, limit: Int) async throws(EventStoreError) -> EventScanPage {
        try EventScanPage.check(segment: segment, of: segments, limit: limit)
        var start: (hash: UInt64, pk: String, sk: Int64)?
        if let cursor {
            guard case .string(let pk)? = cursor.objectValue?[EventItemLayout.partitionKey],
                  let sk = cursor.objectValue?[EventItemLayout.sortKey]?.int64Value
            else { throw .invalid("a scan cursor is {\"pk\": string, \"sk\": integer}, not \(String(decoding: JSONWriter.bytes(cursor), as: UTF8.self))") }
            start = (Self.hash(pk), pk, sk)
        }
        let items = tables.withLock { tables in
            var items: [(hash: UInt64, pk: String, sk: Int64, item: [String: JSON])] = []
            for (streamID, stream) in tables.streams where Self.hash(streamID) % UInt64(segments) == UInt64(segment) {
                for (version, event) in stream.events { items.append((Self.hash(streamID), streamID, version, EventItemLayout.item(for: event))) }
                if let snapshot = stream.snapshot { items.append((Self.hash(streamID), streamID, 0, EventItemLayout.item(for: snapshot))) }
            }
            for (key, record) in tables.idempotency {
                let pk = EventItemLayout.idempotencyKey(key)[EventItemLayout.partitionKey]?.stringValue ?? key
                if Self.hash(pk) % UInt64(segments) == UInt64(segment) { items.append((Self.hash(pk), pk, 0, EventItemLayout.item(for: record))) }
            }
            return items.sorted { ($0.hash, $0.pk, $0.sk) < ($1.hash, $1.pk, $1.sk) }
        }
        var page = EventScanPage(events: [], itemsRead: 0, bytesRead: 0, cursor: nil)
        var last: (pk: String, sk: Int64)?
        for entry in items {
            if let start, (entry.hash, entry.pk, entry.sk) <= start { continue }
            let size = ItemSize.of(entry.item)
            if page.itemsRead == limit || page.bytesRead + size > Self.pageBytes {
                page.cursor = last.map { .object([EventItemLayout.partitionKey: .string($0.pk), EventItemLayout.sortKey: .number(String($0.sk))]) }
                break
            }
            page.itemsRead += 1
            page.bytesRead += size
            if let event = try EventItemLayout.event(from: entry.item) { page.events.append(event) }
            last = (entry.pk, entry.sk)
        }
        return page
    }

    /// The exact number of items held: events, snapshots and kept decisions.
    public func approximateItemCount() async throws(EventStoreError) -> Int? {
        tables.withLock { tables in tables.streams.values.reduce(tables.idempotency.count) { $0 + $1.events.count + ($1.snapshot == nil ? 0 : 1) } }
    }

    /// A scan page's limit: DynamoDB stops a page at 1 MB.
    static let pageBytes = 1_024 * 1_024

    /// FNV-1a: a stream's segment, the same in every process.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
