import EventSourcing
import EventSourcingCrypto
import EventSourcingDynamoDBClient

/// The event store on a DynamoDB table (items: `EventItemLayout`; table: `EventSourcingTables.events`).
///
/// Costs, in requests (strongly consistent reads: 1 RCU per 4 KB; writes: 1 WCU per KB, twice that in a
/// transaction): an append of one event is one `PutItem`; several events, or an idempotency record, one
/// `TransactWriteItems`. A load is a `GetItem` and a `Query` that read exactly what it folds: the stream's snapshot
/// (key 0), then the events after it (the keys above its version). A snapshot is one `TransactWriteItems`: a check
/// that its event exists, and the snapshot's item, written unless a newer one is there.
public final class DynamoDBEventStore: EventStore {
    /// The client requests go through.
    public let client: DynamoDBClient
    /// The events table.
    public let table: String
    /// Items per page when reading events (DynamoDB also ends a page at 1 MB).
    public let pageSize: Int

    /// A store on `table`; `pageSize` is at least 1.
    public init(client: DynamoDBClient, table: String, pageSize: Int = 1_000) {
        self.client = client
        self.table = table
        self.pageSize = max(1, pageSize)
    }

    /// Appends `events` after `expectedVersion`, with `idempotency` if given: one conditional `PutItem` for a lone
    /// event, else one `TransactWriteItems`; a failed condition is `versionConflict` or `idempotencyKeyExists`.
    public func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError) {
        try EventItemLayout.checkSequence(events, expectedVersion: expectedVersion)
        let eventItems = events.map(EventItemLayout.item(for:))
        let recordItem = idempotency.map(EventItemLayout.item(for:))
        try EventItemLayout.checkLimits(eventItems + (recordItem.map { [$0] } ?? []))
        let streamID = events[0].streamID
        let absent = "attribute_not_exists(\(EventItemLayout.sortKey))"
        do {
            if eventItems.count == 1, recordItem == nil {
                try await client.putItem(PutItemInput(tableName: table, item: AttributeValue.item(eventItems[0]), conditionExpression: absent))
                return
            }
            var actions = eventItems.map { TransactWriteItem.put(table: table, item: AttributeValue.item($0), condition: absent) }
            if let recordItem {
                actions.append(.put(
                    table: table, item: AttributeValue.item(recordItem),
                    condition: "attribute_not_exists(\(EventItemLayout.partitionKey))", returnOnFailure: .allOld))
            }
            // A token per attempt (its event ids are fresh): the client's own retries of this request are idempotent.
            let token = String(Hex.encode(SHA256.hash(events.map(\.metadata.eventID).joined().utf8)).prefix(36))
            try await client.transactWriteItems(actions, clientRequestToken: token)
        } catch {
            throw Self.map(error, streamID: streamID, expectedVersion: expectedVersion, idempotency: idempotency, eventCount: eventItems.count)
        }
    }

    /// The kept snapshot, if at or below `version` and accepted, and the events after it up to `version`: a `GetItem`
    /// and a `Query`, both strongly consistent.
    public func load(
        streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool
    ) async throws(EventStoreError) -> StreamSlice {
        let item: Item?
        do {
            item = try await client.getItem(GetItemInput(tableName: table, key: AttributeValue.item(EventItemLayout.snapshotKey(streamID: streamID)), consistentRead: true))
        } catch {
            throw Self.map(error)
        }
        let kept = try item.flatMap { (item) throws(EventStoreError) in try EventItemLayout.snapshot(from: JSON.attributes(item)) }
        let snapshot = kept.flatMap { $0.version <= version ?? .max && acceptsSnapshot($0) ? $0 : nil }
        return StreamSlice(snapshot: snapshot, events: try await events(streamID: streamID, after: snapshot?.version ?? 0, upTo: version, limit: nil))
    }

    /// Events with versions after `after` (and at most `upTo`), oldest first, at most `limit` of them: a strongly
    /// consistent `Query`, page after page.
    public func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent] {
        if let upTo, upTo <= after { return [] }
        if let limit, limit <= 0 { return [] }  // as the in-memory store: DynamoDB refuses a Limit of 0
        var values: Item = [":pk": .s(streamID), ":after": .n(String(after))]
        var condition = "\(EventItemLayout.partitionKey) = :pk AND \(EventItemLayout.sortKey) > :after"
        if let upTo {
            values[":after"] = .n(String(after + 1))
            values[":last"] = .n(String(upTo))
            condition = "\(EventItemLayout.partitionKey) = :pk AND \(EventItemLayout.sortKey) BETWEEN :after AND :last"
        }
        let query = QueryInput(
            tableName: table, keyConditionExpression: condition, expressionAttributeValues: values,
            limit: min(limit ?? pageSize, pageSize), consistentRead: true)
        var events: [StoredEvent] = []
        try await eachItem(of: query) { (item) throws(EventStoreError) -> Bool in
            if let limit, events.count >= limit { return false }
            if let event = try EventItemLayout.event(from: item) { events.append(event) }
            return true
        }
        return events
    }

    /// Feeds every event item of every page of `query` to `body` until it returns false; store errors come back typed.
    private func eachItem(
        of query: QueryInput, _ body: (EventItemLayout.EventAttributes) throws(EventStoreError) -> Bool
    ) async throws(EventStoreError) {
        var pages = client.queryPages(query, rows: EventItemRow.self).makeAsyncIterator()
        while true {
            let page: QueryPage<EventItemRow>?
            do {
                page = try await pages.next()
            } catch {
                throw Self.map(error)
            }
            guard let page else { return }
            for row in page.items where try !body(row.attributes) { return }
        }
    }

    /// Keeps `snapshot` unless a newer one is kept, in a transaction that checks its event exists (else `invalid`).
    public func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError) {
        try EventItemLayout.checkSnapshot(snapshot)
        do {
            try await client.transactWriteItems([
                .conditionCheck(
                    table: table, key: AttributeValue.item(EventItemLayout.key(streamID: snapshot.streamID, version: snapshot.version)),
                    condition: "attribute_exists(\(EventItemLayout.sortKey))"),
                .put(
                    table: table, item: AttributeValue.item(EventItemLayout.item(for: snapshot)),
                    condition: "attribute_not_exists(\(EventItemLayout.sortKey)) OR #version < :version",
                    names: ["#version": EventItemLayout.snapshotVersionAttribute], values: [":version": .n(String(snapshot.version))]),
            ])
        } catch .transactionCanceled(let reasons) {
            // A missing event is the caller's error; a newer snapshot already kept (a slow writer) changes nothing;
            // any other cancellation (throttling, a conflicting transaction) kept nothing and says so.
            if reasons.first?.code == "ConditionalCheckFailed" {
                throw .invalid("stream \(snapshot.streamID) has no version \(snapshot.version) to take a snapshot at")
            }
            if reasons.count == 2, reasons[1].code == "ConditionalCheckFailed" { return }
            throw Self.map(.transactionCanceled(reasons: reasons))
        } catch {
            throw Self.map(error)
        }
    }

    /// The decision kept under `key`, if any: a strongly consistent `GetItem`.
    public func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? {
        do {
            let item = try await client.getItem(GetItemInput(
                tableName: table, key: AttributeValue.item(EventItemLayout.idempotencyKey(key)), consistentRead: true))
            return item.flatMap { EventItemLayout.idempotencyRecord(from: JSON.attributes($0)) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Keeps `record` with a conditional `PutItem` if its key is unused; otherwise `idempotencyKeyExists` with the
    /// record kept first.
    public func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(EventStoreError) {
        let item = EventItemLayout.item(for: record)
        try EventItemLayout.checkLimits([item])
        do {
            try await client.putItem(PutItemInput(
                tableName: table, item: AttributeValue.item(item),
                conditionExpression: "attribute_not_exists(\(EventItemLayout.partitionKey))", returnValuesOnConditionCheckFailure: .allOld))
        } catch .conditionalCheckFailed(_, let existing) {
            guard let existing, let kept = EventItemLayout.idempotencyRecord(from: JSON.attributes(existing)) else {
                throw .corrupt("the idempotency item \(record.key) exists but cannot be read")
            }
            throw .idempotencyKeyExists(kept)
        } catch {
            throw Self.map(error)
        }
    }

    // MARK: - Errors

    private static func map(
        _ error: DynamoDBError, streamID: String, expectedVersion: Int64, idempotency: IdempotencyRecord?, eventCount: Int
    ) -> EventStoreError {
        switch error {
        case .conditionalCheckFailed:
            return .versionConflict(streamID: streamID, expected: expectedVersion)
        case .transactionCanceled(let reasons):
            if idempotency != nil, reasons.count > eventCount, reasons[eventCount].code == "ConditionalCheckFailed",
               let item = reasons[eventCount].item, let record = EventItemLayout.idempotencyRecord(from: JSON.attributes(item)) {
                return .idempotencyKeyExists(record)
            }
            return .versionConflict(streamID: streamID, expected: expectedVersion)
        case .transactionConflict:
            return .versionConflict(streamID: streamID, expected: expectedVersion)
        default:
            return map(error)
        }
    }

    static func map(_ error: DynamoDBError) -> EventStoreError {
        switch error {
        case .invalidRequest(let message) where message.contains("limit"): .tooLarge(message)
        case .invalidRequest(let message): .invalid(message)
        case .validation(_, let message) where message.lowercased().contains("size"): .tooLarge("DynamoDB refused the item: \(message)")
        case .validation(_, let message): .invalid(message)
        default: .unavailable(error.description)
        }
    }
}
