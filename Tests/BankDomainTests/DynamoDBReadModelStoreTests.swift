import BankDomain
import DynamoDB
import DynamoDBClient
import EventSourcing
import Foundation
import Testing
import TestSupport

@Suite("Read models and the projector on DynamoDB (moto)", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct DynamoDBReadModelStoreTests {
    private func projectionsTable(_ client: DynamoDBClient) async throws -> String {
        let name = "projections-\(UUID().uuidString.prefix(8))"
        try await client.createTable(CreateTableInput(
            tableName: name, attributeDefinitions: [AttributeDefinition("pk", "S"), AttributeDefinition("sk", "S")],
            keySchema: [KeySchemaElement("pk", "HASH"), KeySchemaElement("sk", "RANGE")]))
        return name
    }

    @Test("summaries and owner lists round-trip; stale writes are conflicts")
    func conditionalWrites() async throws {
        let client = Moto.client()
        let store = DynamoDBReadModelStore(client: client, table: try await projectionsTable(client))
        let id = AccountID("acc-1")!
        #expect(try await store.summary(id) == nil)
        let opened = Date(timeIntervalSince1970: 1_795_769_297.25)
        let summary = AccountSummary(id: id, owner: "ann", balance: 10, status: .open, version: 2, openedAt: opened, updatedAt: opened)
        try await store.putSummary(summary, expectedVersion: nil)
        #expect(try await store.summary(id) == summary)
        await #expect(throws: ReadModelError.conflict) { try await store.putSummary(summary, expectedVersion: nil) }
        await #expect(throws: ReadModelError.conflict) { try await store.putSummary(summary, expectedVersion: 1) }
        var next = summary
        next.version = 3
        try await store.putSummary(next, expectedVersion: 2)

        let (empty, revision) = try await store.ownerAccounts("ann")
        #expect(empty.accounts.isEmpty && revision == 0)
        let list = OwnerAccounts(owner: "ann", accounts: ["acc-1": .init(balance: 10, status: .open, version: 3)])
        try await store.putOwnerAccounts(list, expectedRevision: 0)
        let (read, readRevision) = try await store.ownerAccounts("ann")
        #expect(read == list && readRevision == 1)
        await #expect(throws: ReadModelError.conflict) { try await store.putOwnerAccounts(list, expectedRevision: 0) }
    }

    @Test("the projector applies real stream records from moto's GetRecords exactly once")
    func projectFromStream() async throws {
        let client = Moto.client()
        let eventsTable = try await Moto.createTable(client, prefix: "events", stream: true)
        let events = DynamoDBEventStore(client: client, table: eventsTable)
        let readModels = DynamoDBReadModelStore(client: client, table: try await projectionsTable(client))
        let dispatcher = CommandDispatcher(handler: AccountHandler(), repository: Repository<Account>(store: events, serializer: AccountEvent.serializer))
        _ = try await dispatcher.dispatch(.open(owner: "ann"), to: "account#a")
        _ = try await dispatcher.dispatch(.deposit(Amount(cents: 250)!), to: "account#a")
        _ = try await dispatcher.dispatch(.withdraw(Amount(cents: 50)!), to: "account#a", idempotency: IdempotencyKey(scope: "ann", key: "k", request: Array("w".utf8)))

        let arn = try #require(try await client.describeTable(eventsTable).latestStreamArn)
        let shard = try #require(try await client.describeStream(arn).shards.first)
        var iterator = try await client.getShardIterator(streamARN: arn, shardID: shard.shardId, position: .trimHorizon)
        var records: [StreamRecord] = []
        while let current = iterator {
            let page = try await client.getRecords(shardIterator: current)
            if page.records.isEmpty { break }
            records += page.records
            iterator = page.nextShardIterator
        }
        let projector = AccountProjector(eventStore: events, readModels: readModels)
        let outcome = await projector.project(records)
        #expect(outcome.failure == nil && outcome.applied == 3)
        #expect(outcome.skipped.contains { $0.reason.contains("idempotency") })
        let summary = try await readModels.summary(AccountID("a")!)
        #expect(summary?.balance == 200 && summary?.version == 3)
        let again = await projector.project(records)
        #expect(again.applied == 0 && again.summaryWrites == 0)
        #expect(try await readModels.ownerAccounts("ann").0.totalBalance == 200)
    }
}
