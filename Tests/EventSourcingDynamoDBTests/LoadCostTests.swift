import EventSourcing
import EventSourcingDynamoDB
import EventSourcingTestSupport
@testable import EventSourcingTesting
import Testing

@Suite("What a load reads on DynamoDB (moto), counted by the client", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct LoadCostTests {
    private func load(_ repository: Repository<Ledger>, on client: DynamoDBClient) async throws -> (Repository<Ledger>.Loaded, DynamoDBMetrics.Snapshot) {
        let before = client.metrics.snapshot
        let loaded = try await repository.load("l")
        return (loaded, client.metrics.snapshot.since(before))
    }

    @Test("a load is two reads whatever the snapshot interval, 0 included, while the events after the snapshot fit one page: the stream's snapshot, then the events after it")
    func twoQueries() async throws {
        let client = Moto.client()
        let store = DynamoDBEventStore(client: client, table: try await Tables.events(client))
        for version in 1...250 { try await store.append([storedEvent("l", Int64(version))], expectedVersion: Int64(version - 1), idempotency: nil) }
        let (plain, plainCost) = try await load(Repository(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 0), on: client)
        #expect(plain.eventsRead == 250 && plainCost.totalRequests == 2 && plainCost.requests["Query"] == 1 && plainCost.requests["GetItem"] == 1)
        try await store.saveSnapshot(StoredSnapshot(streamID: "l", version: 200, schemaVersion: 1, state: try JSONValueEncoder().encodeObject(Ledger().folding((1...200).map { _ in .added(Added(amount: 1)) }))))
        let (fast, fastCost) = try await load(Repository(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 100), on: client)
        #expect(fast.snapshotVersion == 200 && fast.eventsRead == 50 && fast.state.total == 250 && fastCost.totalRequests == 2)
        // Right after the snapshot, the load reads the snapshot and one event: a few hundred bytes, not a page.
        try await store.saveSnapshot(StoredSnapshot(streamID: "l", version: 249, schemaVersion: 1, state: try JSONValueEncoder().encodeObject(Ledger().folding((1...249).map { _ in .added(Added(amount: 1)) }))))
        let (near, nearCost) = try await load(Repository(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 100), on: client)
        #expect(near.eventsRead == 1 && nearCost.bytesReceived < 1_000, "read \(nearCost.bytesReceived) bytes")
    }
}
