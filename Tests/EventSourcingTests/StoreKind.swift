import DynamoDB
import DynamoDBClient
import EventSourcing
import Testing
import TestSupport

/// The stores the conformance suite runs against: in memory always; DynamoDB when moto runs (scripts/test).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case dynamoDB

    static var available: [StoreKind] { Moto.endpoint == nil ? [.memory] : [.memory, .dynamoDB] }

    var testDescription: String { rawValue }

    /// A fresh, empty store (a table of its own on moto).
    func make(pageSize: Int = 101) async throws -> any EventStore {
        switch self {
        case .memory: return InMemoryEventStore()
        case .dynamoDB:
            let client = Moto.client(retry: RetryPolicy(maxAttempts: 8))
            let table = try await Moto.createTable(client, prefix: "events", stream: true)
            return DynamoDBEventStore(client: client, table: table, pageSize: pageSize)
        }
    }

    func repository(snapshotInterval: Int = 0, pageSize: Int? = nil) async throws -> Repository<Ledger> {
        Repository(store: try await make(pageSize: pageSize ?? snapshotInterval + 1), serializer: ledgerSerializer, snapshotInterval: snapshotInterval)
    }
}

/// A raw event for the store-level tests.
func storedEvent(_ stream: String, _ version: Int64, type: String = "Added", schema: Int = 2, payload: [String: AttributeValue] = ["amount": .n("1")]) -> StoredEvent {
    StoredEvent(type: type, schemaVersion: schema, payload: payload, metadata: EventMetadata(streamID: stream, version: version))
}
