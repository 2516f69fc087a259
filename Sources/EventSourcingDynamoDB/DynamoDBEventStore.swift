import EventSourcing
import EventSourcingCrypto
import EventSourcingDynamoDBClient

/// The event store on a DynamoDB table (items: `EventItemLayout`; table: `EventSourcingTables.events`).
///
/// Costs, in requests: an append of one event is one `PutItem` (1 WCU per KB); several events, or an idempotency
/// record, one `TransactWriteItems` (2 WCU per KB per item). A load is one descending `Query` of at most
/// `pageSize` items (strongly consistent: 1 RCU per 4 KB read) that stops at the newest usable snapshot, so what
/// it reads is bounded by the snapshot interval, not by the stream's length; it pages further only when no
/// snapshot is within reach. A snapshot is one `UpdateItem` on the event item it belongs to.
public final class DynamoDBEventStore: EventStore {
    /// The client requests go through.
    public let client: DynamoDBClient
    /// The events table.
    public let table: String
    /// Items per page when loading: the snapshot interval + 1 reaches a snapshot in one page.
    public let pageSize: Int

    /// A store on `table`; `pageSize` is at least 1.
    public init(client: DynamoDBClient, table: String, pageSize: Int = 101) {
        self.client = client
        self.table = table
        self.pageSize = max(1, pageSize)
    }

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

    public func load(
        streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool
    ) async throws(EventStoreError) -> StreamSlice {
        var values: Item = [":pk": .s(streamID), ":first": .n("1")]
        var condition = "\(EventItemLayout.partitionKey) = :pk AND \(EventItemLayout.sortKey) >= :first"
        if let version {
            values[":last"] = .n(String(version))
            condition = "\(EventItemLayout.partitionKey) = :pk AND \(EventItemLayout.sortKey) BETWEEN :first AND :last"
        }
        let query = QueryInput(
            tableName: table, keyConditionExpression: condition, expressionAttributeValues: values, limit: pageSize,
            scanIndexForward: false, consistentRead: true)
        var events: [StoredEvent] = []
        var snapshot: StoredSnapshot?
        try await eachItem(of: query) { (item) throws(EventStoreError) -> Bool in
            if let candidate = EventItemLayout.snapshot(from: item), acceptsSnapshot(candidate) {
                snapshot = candidate
                return false
            }
            if let event = try EventItemLayout.event(from: item) { events.append(event) }
            return true
        }
        return StreamSlice(snapshot: snapshot, events: events.reversed())
    }

    public func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent] {
        if let upTo, upTo <= after { return [] }
        var values: Item = [":pk": .s(streamID), ":after": .n(String(after))]
        var condition = "\(EventItemLayout.partitionKey) = :pk AND \(EventItemLayout.sortKey) > :after"
        if let upTo {
            values[":after"] = .n(String(after + 1))
            values[":last"] = .n(String(upTo))
            condition = "\(EventItemLayout.partitionKey) = :pk AND \(EventItemLayout.sortKey) BETWEEN :after AND :last"
        }
        let query = QueryInput(
            tableName: table, keyConditionExpression: condition, expressionAttributeValues: values,
            limit: limit.map { min($0, 1000) }, consistentRead: true)
        var events: [StoredEvent] = []
        try await eachItem(of: query) { (item) throws(EventStoreError) -> Bool in
            if let limit, events.count >= limit { return false }
            if let event = try EventItemLayout.event(from: item) { events.append(event) }
            return true
        }
        return events
    }

    /// Feeds every item of every page of `query` to `body` until it returns false; store errors come back typed.
    private func eachItem(of query: QueryInput, _ body: ([String: JSON]) throws(EventStoreError) -> Bool) async throws(EventStoreError) {
        var pages = client.queryPages(query).makeAsyncIterator()
        while true {
            let page: QueryOutput?
            do {
                page = try await pages.next()
            } catch {
                throw Self.map(error)
            }
            guard let page else { return }
            for item in page.items where try !body(JSON.attributes(item)) { return }
        }
    }

    public func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError) {
        do {
            try await client.updateItem(UpdateItemInput(
                tableName: table, key: AttributeValue.item(EventItemLayout.key(streamID: snapshot.streamID, version: snapshot.version)),
                updateExpression: "SET #snapshot = :snapshot",  // SNAPSHOT is a reserved word in expressions
                conditionExpression: "attribute_exists(\(EventItemLayout.sortKey))",
                expressionAttributeNames: ["#snapshot": EventItemLayout.snapshotAttribute],
                expressionAttributeValues: [":snapshot": AttributeValue(EventItemLayout.snapshotValue(snapshot))]))
        } catch .conditionalCheckFailed {
            throw .invalid("stream \(snapshot.streamID) has no version \(snapshot.version) to attach a snapshot to")
        } catch {
            throw Self.map(error)
        }
    }

    public func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? {
        do {
            let item = try await client.getItem(GetItemInput(
                tableName: table, key: AttributeValue.item(EventItemLayout.idempotencyKey(key)), consistentRead: true))
            return item.flatMap { EventItemLayout.idempotencyRecord(from: JSON.attributes($0)) }
        } catch {
            throw Self.map(error)
        }
    }

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
