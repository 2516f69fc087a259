import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import EventSourcingTestSupport
@testable import EventSourcingTesting
import Testing

@Suite("The feed on moto: its stream records, and positions a reader cannot see yet", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct FeedOnDynamoDBTests {
    @Test("a reader stops before a position not visible yet, and reads on once it is: it never passes a position that appears later")
    func readerStopsAtAGap() async throws {
        let client = Moto.client()
        let eventsTable = try await Tables.events(client)
        let feedTable = try await Tables.feed(client)
        let store = DynamoDBEventStore(client: client, table: eventsTable)
        let events = (1...6).map { storedEvent("s", Int64($0)) }
        try await store.append(events, expectedVersion: 0, idempotency: nil)
        // Chunks written one by one, the one at position 3 last: what a reader could meet if one transaction's items
        // became visible one at a time.
        func chunk(_ positions: ClosedRange<Int>) -> PutItemInput {
            PutItemInput(tableName: feedTable, item: AttributeValue.item(FeedItemLayout.item(for: positions.map { FeedEntry(position: Int64($0), event: events[$0]) })))
        }
        for positions in [0...1, 2...2, 4...5] { try await client.putItem(chunk(positions)) }
        let feed = EventFeed(store: DynamoDBFeedStore(client: client, table: feedTable, eventsTable: eventsTable), eventStore: store)
        #expect(try await feed.read(from: 0, limit: 10).map(\.position) == [0, 1, 2])
        #expect(try await feed.read(from: 1, limit: 10).map(\.position) == [1, 2])
        #expect(try await feed.read(from: 3, limit: 10).isEmpty)
        try await client.putItem(chunk(3...3))
        #expect(try await feed.read(from: 3, limit: 10).map(\.event) == Array(events[3...]))
        #expect(try await feed.read(from: 1, limit: 4).map(\.position) == [1, 2, 3, 4])
    }

    @Test("chunks are found across partition keys: the one holding a position may start in the partition before it")
    func chunksAcrossPartitions() async throws {
        let client = Moto.client()
        let feedTable = try await Tables.feed(client)
        func chunk(_ positions: ClosedRange<Int64>) -> PutItemInput {
            PutItemInput(tableName: feedTable, item: AttributeValue.item(FeedItemLayout.item(for: positions.map { FeedEntry(position: $0, event: storedEvent("s", $0 + 1)) })))
        }
        let size = FeedItemLayout.bucketSize
        for positions in [0...(size - 6), (size - 5)...(size + 4), (size + 5)...(size + 9)] { try await client.putItem(chunk(positions)) }
        let store = DynamoDBFeedStore(client: client, table: feedTable, eventsTable: "unused")
        #expect(FeedItemLayout.bucket(of: size - 5) != FeedItemLayout.bucket(of: size))
        #expect(try await store.entries(from: size, limit: 100).map(\.position) == Array(size...(size + 9)))
        #expect(try await store.entries(from: size - 7, limit: 4).map(\.position) == Array((size - 7)...(size - 4)))
        #expect(try await store.entries(from: size + 10, limit: 10).isEmpty)
    }

    @Test("moto's own stream records, indexed twice: each event once, every stream in version order, other records skipped")
    func indexStreamRecords() async throws {
        let client = Moto.client()
        let eventsTable = try await Tables.events(client)
        let store = DynamoDBEventStore(client: client, table: eventsTable)
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 2))
        for stream in ["a", "b", "c"] {
            _ = try await dispatcher.dispatch(.note(stream), to: stream)
            _ = try await dispatcher.dispatch(.addWithNote(5, "x"), to: stream, idempotency: IdempotencyKey(scope: "t", key: stream, request: Array(stream.utf8)))
            _ = try await dispatcher.dispatch(.add(1), to: stream)
        }
        let records = try await Moto.streamRecords(client, table: eventsTable)
        let feedStore = DynamoDBFeedStore(client: client, table: try await Tables.feed(client), eventsTable: eventsTable)
        let first = await EventFeed(store: feedStore, eventStore: store).index(records)
        let again = await EventFeed(store: feedStore, eventStore: store).index(records)
        #expect(first.failure == nil && first.indexed == 12 && again.indexed == 0 && again.duplicates == 12 && again.failure == nil)
        let stores = FeedStores(events: store, feed: feedStore, readModels: InMemoryReadModelStore())
        try await FeedConformance.expectFeed(stores, holds: ["a": 4, "b": 4, "c": 4])
    }

    @Test("an unreadable event item stops indexing at its record, the records before it indexed")
    func unreadableRecord() async throws {
        let client = Moto.client()
        let eventsTable = try await Tables.events(client)
        let store = DynamoDBEventStore(client: client, table: eventsTable)
        try await store.append([storedEvent("a", 1)], expectedVersion: 0, idempotency: nil)
        try await client.putItem(PutItemInput(tableName: eventsTable, item: ["pk": .s("poison"), "sk": .n("1"), "kind": .s("event")]))
        try await store.append([storedEvent("b", 1)], expectedVersion: 0, idempotency: nil)
        let records = try await Moto.streamRecords(client, table: eventsTable)
        let feedStore = DynamoDBFeedStore(client: client, table: try await Tables.feed(client), eventsTable: eventsTable)
        let outcome = await EventFeed(store: feedStore, eventStore: store).index(records)
        #expect(outcome.indexed == 1 && outcome.failure?.index == 1 && outcome.failure?.reason.contains("poison") == true)
    }
}
