#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import DynamoDB
import DynamoDBClient

/// How events, snapshots and idempotency records are laid out as DynamoDB items. Both stores build exactly these
/// items, so the in-memory store enforces DynamoDB's size limits on the same bytes.
///
/// | item | `pk` (S) | `sk` (N) | other attributes |
/// |---|---|---|---|
/// | event | stream id | version ≥ 1 | `kind`="event", `type`, `schemaVersion`, `data` (M), `eventId`, `timestamp` (N, epoch s), `commandId`?, `correlationId`?, `causationId`?, `snapshot`? (M: `schemaVersion`, `state`) |
/// | idempotency record | `idempotency#<key>` | 0 | `kind`="idempotency", `requestHash`, `result` (M), `expiresAt` (N, TTL) |
public enum EventItemLayout {
    public static let partitionKey = "pk"
    public static let sortKey = "sk"
    public static let timeToLiveAttribute = "expiresAt"
    static let idempotencyPrefix = "idempotency#"

    public static func key(streamID: String, version: Int64) -> Item {
        [partitionKey: .s(streamID), sortKey: .n(String(version))]
    }

    public static func idempotencyKey(_ key: String) -> Item {
        [partitionKey: .s(idempotencyPrefix + key), sortKey: .n("0")]
    }

    // MARK: Events

    public static func item(for event: StoredEvent) -> Item {
        var item = key(streamID: event.streamID, version: event.version)
        item["kind"] = .s("event")
        item["type"] = .s(event.type)
        item["schemaVersion"] = .n(String(event.schemaVersion))
        item["data"] = .m(event.payload)
        item["eventId"] = .s(event.metadata.eventID)
        item["timestamp"] = timestamp(event.metadata.timestamp)
        if let id = event.metadata.commandID { item["commandId"] = .s(id) }
        if let id = event.metadata.correlationID { item["correlationId"] = .s(id) }
        if let id = event.metadata.causationID { item["causationId"] = .s(id) }
        return item
    }

    /// The event an item holds; nil for items that are not events (idempotency records, anything else).
    /// An item that says it is an event but lacks a required attribute is `corrupt`.
    public static func event(from item: Item) throws(EventStoreError) -> StoredEvent? {
        guard item["kind"] == .s("event") else { return nil }
        guard case .s(let streamID)? = item[partitionKey], let version = item[sortKey]?.int64Value, version >= 1,
              case .s(let type)? = item["type"], let schemaVersion = item["schemaVersion"]?.intValue,
              case .m(let payload)? = item["data"], case .s(let eventID)? = item["eventId"],
              let seconds = item["timestamp"]?.numberText.flatMap(Double.init)
        else {
            throw .corrupt("event item \(item[partitionKey]?.stringValue ?? "?")/\(item[sortKey]?.numberText ?? "?") lacks a required attribute")
        }
        let metadata = EventMetadata(
            eventID: eventID, streamID: streamID, version: version, timestamp: Date(timeIntervalSince1970: seconds),
            commandID: item["commandId"]?.stringValue, correlationID: item["correlationId"]?.stringValue,
            causationID: item["causationId"]?.stringValue)
        return StoredEvent(type: type, schemaVersion: schemaVersion, payload: payload, metadata: metadata)
    }

    // MARK: Snapshots

    public static let snapshotAttribute = "snapshot"

    public static func snapshotValue(_ snapshot: StoredSnapshot) -> AttributeValue {
        .m(["schemaVersion": .n(String(snapshot.schemaVersion)), "state": .m(snapshot.state)])
    }

    /// The snapshot attached to an event item, if any.
    public static func snapshot(from item: Item) -> StoredSnapshot? {
        guard case .m(let value)? = item[snapshotAttribute], case .s(let streamID)? = item[partitionKey],
              let version = item[sortKey]?.int64Value, let schema = value["schemaVersion"]?.intValue,
              case .m(let state)? = value["state"]
        else { return nil }
        return StoredSnapshot(streamID: streamID, version: version, schemaVersion: schema, state: state)
    }

    // MARK: Idempotency records

    public static func item(for record: IdempotencyRecord) -> Item {
        var item = idempotencyKey(record.key)
        item["kind"] = .s("idempotency")
        item["requestHash"] = .s(record.requestHash)
        item["result"] = .m(record.result)
        item[timeToLiveAttribute] = .n(String(record.expiresAt))
        return item
    }

    public static func idempotencyRecord(from item: Item) -> IdempotencyRecord? {
        guard item["kind"] == .s("idempotency"), case .s(let pk)? = item[partitionKey], pk.hasPrefix(idempotencyPrefix),
              case .s(let hash)? = item["requestHash"], case .m(let result)? = item["result"],
              let expiresAt = item[timeToLiveAttribute]?.int64Value
        else { return nil }
        return IdempotencyRecord(key: String(pk.dropFirst(idempotencyPrefix.count)), requestHash: hash, result: result, expiresAt: expiresAt)
    }

    // MARK: Limits

    /// DynamoDB's limits on one append: each item 400 KB, at most 100 items and 4 MB together.
    static func checkLimits(_ items: [Item]) throws(EventStoreError) {
        guard !items.isEmpty else { throw .invalid("nothing to append") }
        guard items.count <= DynamoDBClient.maxTransactionActions else {
            throw .tooLarge("an append writes at most \(DynamoDBClient.maxTransactionActions) items (DynamoDB's transaction limit), got \(items.count)")
        }
        var total = 0
        for item in items {
            let size = ItemSize.of(item)
            guard size <= DynamoDBClient.maxItemBytes else {
                let what = item["kind"] == .s("event") ? "event \(item["type"]?.stringValue ?? "")" : "idempotency record"
                throw .tooLarge("the \(what) is \(size) bytes, over DynamoDB's item limit of \(DynamoDBClient.maxItemBytes) bytes (400 KB)")
            }
            total += size
        }
        guard total <= DynamoDBClient.maxTransactionBytes else {
            throw .tooLarge("the append is \(total) bytes, over DynamoDB's transaction limit of \(DynamoDBClient.maxTransactionBytes) bytes (4 MB)")
        }
    }

    /// Checks that `events` continue a stream at `expectedVersion`, one stream, no gaps.
    static func checkSequence(_ events: [StoredEvent], expectedVersion: Int64) throws(EventStoreError) {
        guard expectedVersion >= 0 else { throw .invalid("expected version \(expectedVersion) is below zero") }
        guard let first = events.first else { throw .invalid("nothing to append") }
        for (offset, event) in events.enumerated() {
            guard event.streamID == first.streamID else { throw .invalid("an append writes to one stream, got \(first.streamID) and \(event.streamID)") }
            guard event.version == expectedVersion + Int64(offset) + 1 else {
                throw .invalid("event \(offset) has version \(event.version), expected \(expectedVersion + Int64(offset) + 1)")
            }
        }
    }

    private static func timestamp(_ date: Date) -> AttributeValue {
        (try? DynamoDBItemEncoder().encodeValue(date)) ?? .n("0")
    }
}
