import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import EventSourcingTestSupport
@testable import EventSourcingTesting
import Foundation
import Testing

@Suite("Stream records as the projector reads them")
struct StreamRecordTests {
    private func record(_ name: StreamRecord.EventName, _ item: [String: AttributeValue], identity: StreamRecord.UserIdentity? = nil) -> StreamRecord {
        StreamRecord(
            eventID: "e", eventName: name,
            dynamodb: .init(keys: ["pk": item["pk"]!, "sk": item["sk"]!], newImage: name == .remove ? nil : item, oldImage: name == .remove ? item : nil, sequenceNumber: "1"),
            userIdentity: identity)
    }

    @Test("an INSERT of an event item is the event; a MODIFY of it is the same event (a duplicate); a snapshot is skipped")
    func events() throws {
        let event = storedEvent("s", 3)
        let item = AttributeValue.item(EventItemLayout.item(for: event))
        #expect(ProjectorRecord(record(.insert, item)) == .event(event))
        #expect(ProjectorRecord(record(.modify, item)) == .event(event))
        let snapshot = AttributeValue.item(EventItemLayout.item(for: StoredSnapshot(streamID: "s", version: 3, schemaVersion: 1, state: [:])))
        #expect(ProjectorRecord(record(.insert, snapshot)) == .skip("not an event (snapshot)"))
    }

    @Test("removals, TTL expiry among them, and items that are not events are skipped with why")
    func skipped() {
        let kept = AttributeValue.item(EventItemLayout.item(for: IdempotencyRecord(key: "k", requestHash: "h", result: [:], expiresAt: 1)))
        #expect(ProjectorRecord(record(.insert, kept)) == .skip("not an event (idempotency)"))
        #expect(ProjectorRecord(record(.remove, kept, identity: .init(type: "Service", principalId: "dynamodb.amazonaws.com"))) == .skip("TTL removal"))
        #expect(ProjectorRecord(record(.remove, kept)) == .skip("removal"))
        #expect(ProjectorRecord(record(.insert, ["pk": .s("x"), "sk": .n("1")])) == .skip("not an event (no kind)"))
    }

    @Test("an item that claims to be an event but lacks attributes is unreadable, naming it")
    func unreadable() {
        let poison = record(.insert, ["pk": .s("account#c"), "sk": .n("1"), "kind": .s("event"), "type": .s("Opened")])
        #expect(ProjectorRecord(poison) == .unreadable("a stored item is corrupt: event item account#c/1 lacks a required attribute"))
    }
}

@Suite("The projector on moto's own stream records", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct StreamProjectionTests {
    @Test("commands on DynamoDB, their records from GetRecords, projected exactly once into DynamoDB")
    func projectFromStream() async throws {
        let client = Moto.client()
        let eventsTable = try await Tables.events(client)
        let events = DynamoDBEventStore(client: client, table: eventsTable)
        let readModels = DynamoDBReadModelStore(client: client, table: try await Tables.projections(client))
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: Repository<Ledger>(store: events, serializer: LedgerEvent.serializer))
        _ = try await dispatcher.dispatch(.note("book"), to: "a")
        _ = try await dispatcher.dispatch(.add(250), to: "a")
        _ = try await dispatcher.dispatch(.add(50), to: "a", idempotency: IdempotencyKey(scope: "ann", key: "k", request: Array("w".utf8)))

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
        let projector = Projector(serializer: LedgerEvent.serializer, eventStore: events, readModels: readModels, projections: [LedgerTotals(), NotebookTotals()])
        let outcome = await projector.project(records.map(ProjectorRecord.init))
        #expect(outcome.failure == nil && outcome.applied == 6)
        #expect(outcome.skipped.contains { $0.reason.contains("idempotency") })
        #expect(try await readModels.read(LedgerTotals.self, key: "a")?.document == .init(total: 300, entries: 2))
        let again = await projector.project(records.map(ProjectorRecord.init))
        #expect(again.applied == 0 && again.documentsWritten == 0)
        #expect(try await readModels.read(NotebookTotals.self, key: "book")?.document.total == 300)
    }
}
