#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The items an event store keeps, as attribute maps: one layout for every store, so that the in-memory store
/// enforces DynamoDB's limits on the very items `DynamoDBEventStore` writes (it maps each `JSON` to the attribute
/// value of the same kind: string → `S`, number → `N`, object → `M`, …).
///
/// | item | `pk` | `sk` | other attributes |
/// |---|---|---|---|
/// | event | stream id | version ≥ 1 | `kind`="event", `type`, `schemaVersion`, `data` (object), `eventId`, `timestamp` (epoch s), `commandId`?, `correlationId`?, `causationId`? |
/// | snapshot | stream id | 0 | `kind`="snapshot", `version`, `schemaVersion`, `state` (object), `eventId`? (the event's at `version`) |
/// | idempotency record | `idempotency#<key>` | 0 | `kind`="idempotency", `requestHash`, `result` (object), `expiresAt` (epoch s, TTL) |
///
/// A stream keeps one snapshot, its newest, at key 0 just below its events, so that a store reads it on its own (one
/// key) and then exactly the events after it (the keys above its version): a load reads nothing it does not fold.
public enum EventItemLayout {
    /// The partition key: the stream id (a string).
    public static let partitionKey = "pk"
    /// The sort key: the version (a number).
    public static let sortKey = "sk"
    /// The attribute DynamoDB's TTL reads.
    public static let timeToLiveAttribute = "expiresAt"
    static let idempotencyPrefix = "idempotency#"

    /// The key of an event item.
    public static func key(streamID: String, version: Int64) -> [String: JSON] {
        [partitionKey: .string(streamID), sortKey: .number(String(version))]
    }

    /// The key of an idempotency record.
    public static func idempotencyKey(_ key: String) -> [String: JSON] {
        [partitionKey: .string(idempotencyPrefix + key), sortKey: .number("0")]
    }

    // MARK: Events

    /// The item of `event`: the attributes `EventAttributes.Slot` names, which `event(from:)` reads back.
    public static func item(for event: StoredEvent) -> [String: JSON] {
        var item = key(streamID: event.streamID, version: event.version)
        item.reserveCapacity(EventAttributes.Slot.allCases.count)
        func set(_ slot: EventAttributes.Slot, _ value: JSON?) { if let value { item[slot.name] = value } }
        set(.kind, .string("event"))
        set(.type, .string(event.type))
        set(.schemaVersion, .number(String(event.schemaVersion)))
        set(.data, .object(event.payload))
        set(.eventID, .string(event.metadata.eventID))
        set(.timestamp, (try? JSONValueEncoder().encode(event.metadata.timestamp)) ?? .number("0"))
        set(.commandID, event.metadata.commandID.map(JSON.string))
        set(.correlationID, event.metadata.correlationID.map(JSON.string))
        set(.causationID, event.metadata.causationID.map(JSON.string))
        return item
    }

    /// The event an item holds; nil for items that are not events (idempotency records, anything else).
    /// An item that says it is an event but lacks a required attribute is `corrupt`, naming the item.
    public static func event(from item: [String: JSON]) throws(EventStoreError) -> StoredEvent? {
        try event(from: EventAttributes(item))
    }

    /// The event of an item read into slots (see `EventAttributes`), by the same rules as `event(from:)`.
    public static func event(from item: EventAttributes) throws(EventStoreError) -> StoredEvent? {
        guard item[.kind] == .string("event") else { return nil }
        guard case .string(let streamID)? = item[.partitionKey], let version = item[.sortKey]?.int64Value, version >= 1,
              case .string(let type)? = item[.type], let schemaVersion = item[.schemaVersion]?.int64Value,
              case .object(let payload)? = item[.data], case .string(let eventID)? = item[.eventID],
              case .number(let seconds)? = item[.timestamp], let timestamp = Double(seconds)
        else {
            throw .corrupt("event item \(item[.partitionKey]?.stringValue ?? "?")/\(item[.sortKey].map(describe) ?? "?") lacks a required attribute")
        }
        let metadata = EventMetadata(
            eventID: eventID, streamID: streamID, version: version, timestamp: Date(timeIntervalSince1970: timestamp),
            commandID: item[.commandID]?.stringValue, correlationID: item[.correlationID]?.stringValue,
            causationID: item[.causationID]?.stringValue)
        return StoredEvent(type: type, schemaVersion: Int(clamping: schemaVersion), payload: payload, metadata: metadata)
    }

    /// The attributes an event is read from, in the order of `EventAttributes.Slot`.
    public static let eventAttributeNames = EventAttributes.Slot.allCases.map(\.name)

    /// An event item's attributes, one slot each for those an event is read from (others are not kept): what a store
    /// that reads an item attribute by attribute fills in, with no dictionary in between.
    public struct EventAttributes: Sendable {
        /// The attributes an event is read from.
        public enum Slot: Int, CaseIterable, Sendable {
            case partitionKey, sortKey, kind, type, schemaVersion, data, eventID, timestamp, commandID, correlationID, causationID

            /// The attribute's name in the item.
            public var name: String {
                switch self {
                case .partitionKey: EventItemLayout.partitionKey
                case .sortKey: EventItemLayout.sortKey
                case .kind: "kind"
                case .type: "type"
                case .schemaVersion: "schemaVersion"
                case .data: "data"
                case .eventID: "eventId"
                case .timestamp: "timestamp"
                case .commandID: "commandId"
                case .correlationID: "correlationId"
                case .causationID: "causationId"
                }
            }
        }

        /// The values by `Slot.rawValue`; nil where the item has no such attribute.
        public private(set) var values: [JSON?]

        /// An item with none of the attributes yet.
        public init() {
            values = Array(repeating: nil, count: Slot.allCases.count)
        }

        /// The slots of `item`'s attributes.
        public init(_ item: [String: JSON]) {
            values = Slot.allCases.map { item[$0.name] }
        }

        /// The value in `slot`.
        public subscript(slot: Slot) -> JSON? {
            get { values[slot.rawValue] }
            set { values[slot.rawValue] = newValue }
        }
    }

    private static func describe(_ value: JSON) -> String {
        switch value {
        case .number(let text), .string(let text): text
        default: value.kindDescription
        }
    }

    // MARK: Snapshots

    /// The key of a stream's snapshot: 0, below its events.
    public static func snapshotKey(streamID: String) -> [String: JSON] {
        [partitionKey: .string(streamID), sortKey: .number("0")]
    }

    /// The attribute that holds a snapshot's version (its key is 0 whatever the version).
    public static let snapshotVersionAttribute = "version"

    /// The item of a snapshot.
    public static func item(for snapshot: StoredSnapshot) -> [String: JSON] {
        var item = snapshotKey(streamID: snapshot.streamID)
        item["kind"] = .string("snapshot")
        item[snapshotVersionAttribute] = .number(String(snapshot.version))
        item["schemaVersion"] = .number(String(snapshot.schemaVersion))
        item["state"] = .object(snapshot.state)
        if let id = snapshot.eventID { item["eventId"] = .string(id) }
        return item
    }

    /// The snapshot an item holds; nil for other items. A snapshot item lacking an attribute is `corrupt`.
    public static func snapshot(from item: [String: JSON]) throws(EventStoreError) -> StoredSnapshot? {
        guard item["kind"] == .string("snapshot") else { return nil }
        guard case .string(let streamID)? = item[partitionKey], let version = item[snapshotVersionAttribute]?.int64Value, version >= 1,
              let schema = item["schemaVersion"]?.int64Value, case .object(let state)? = item["state"]
        else { throw .corrupt("the snapshot item of \(item[partitionKey]?.stringValue ?? "?") lacks a required attribute") }
        return StoredSnapshot(streamID: streamID, version: version, schemaVersion: Int(clamping: schema), state: state, eventID: item["eventId"]?.stringValue)
    }

    // MARK: Idempotency records

    /// The item of a kept decision.
    public static func item(for record: IdempotencyRecord) -> [String: JSON] {
        var item = idempotencyKey(record.key)
        item["kind"] = .string("idempotency")
        item["requestHash"] = .string(record.requestHash)
        item["result"] = .object(record.result)
        item[timeToLiveAttribute] = .number(String(record.expiresAt))
        return item
    }

    /// The kept decision an item holds; nil for other items.
    public static func idempotencyRecord(from item: [String: JSON]) -> IdempotencyRecord? {
        guard item["kind"] == .string("idempotency"), case .string(let pk)? = item[partitionKey], pk.hasPrefix(idempotencyPrefix),
              case .string(let hash)? = item["requestHash"], case .object(let result)? = item["result"],
              let expiresAt = item[timeToLiveAttribute]?.int64Value
        else { return nil }
        return IdempotencyRecord(key: String(pk.dropFirst(idempotencyPrefix.count)), requestHash: hash, result: result, expiresAt: expiresAt)
    }

    // MARK: Limits

    /// Checks DynamoDB's limits on one append: each item 400 KB, at most 100 items and 4 MB together.
    public static func checkLimits(_ items: [[String: JSON]]) throws(EventStoreError) {
        guard !items.isEmpty else { throw .invalid("nothing to append") }
        guard items.count <= ItemSize.maxTransactionItems else {
            throw .tooLarge("an append writes at most \(ItemSize.maxTransactionItems) items (DynamoDB's transaction limit), got \(items.count)")
        }
        var total = 0
        for item in items {
            let size = ItemSize.of(item)
            guard size <= ItemSize.maxItemBytes else {
                let what = item["kind"] == .string("event") ? "event \(item["type"]?.stringValue ?? "")" : "idempotency record"
                throw .tooLarge("the \(what) is \(size) bytes, over DynamoDB's item limit of \(ItemSize.maxItemBytes) bytes (400 KB)")
            }
            total += size
        }
        guard total <= ItemSize.maxTransactionBytes else {
            throw .tooLarge("the append is \(total) bytes, over DynamoDB's transaction limit of \(ItemSize.maxTransactionBytes) bytes (4 MB)")
        }
    }

    /// Checks that a snapshot's item fits DynamoDB's 400 KB.
    public static func checkSnapshot(_ snapshot: StoredSnapshot) throws(EventStoreError) {
        guard snapshot.version >= 1 else { throw .invalid("a snapshot is taken at version 1 or later, not \(snapshot.version)") }
        let size = ItemSize.of(item(for: snapshot))
        guard size <= ItemSize.maxItemBytes else {
            throw .tooLarge("the snapshot is \(size) bytes, over DynamoDB's item limit of \(ItemSize.maxItemBytes) bytes (400 KB)")
        }
    }

    /// Checks that `events` continue a stream at `expectedVersion`: one stream, no gaps.
    public static func checkSequence(_ events: [StoredEvent], expectedVersion: Int64) throws(EventStoreError) {
        guard expectedVersion >= 0 else { throw .invalid("expected version \(expectedVersion) is below zero") }
        guard let first = events.first else { throw .invalid("nothing to append") }
        for (offset, event) in events.enumerated() {
            guard event.streamID == first.streamID else { throw .invalid("an append writes to one stream, got \(first.streamID) and \(event.streamID)") }
            guard event.version == expectedVersion + Int64(offset) + 1 else {
                throw .invalid("event \(offset) has version \(event.version), expected \(expectedVersion + Int64(offset) + 1)")
            }
        }
    }
}
