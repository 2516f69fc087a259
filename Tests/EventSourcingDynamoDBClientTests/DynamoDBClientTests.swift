import EventSourcingDynamoDBClient
import EventSourcingTestSupport
import Foundation
import Testing

/// An item with every attribute type, including values that lose precision through `Double`.
private let everyType: Item = [
    "pk": .s("all-types"), "sk": .n("1"),
    "string": .s("ü ✓ \"quoted\" \n"), "big": .n("12345678901234567890123456789012345678"),
    "fraction": .n("-0.000000000000000000000000000000000001"), "integer": .n("9007199254740993"),
    "binary": .b(Data([0, 1, 2, 254, 255])), "flag": .bool(false), "nothing": .null,
    "strings": .ss(["a", "b"]), "numbers": .ns(["1", "2.5"]), "binaries": .bs([Data([1]), Data([2, 3])]),
    "list": .l([.s("x"), .n("7"), .l([]), .m(["deep": .bool(true)])]),
    "map": .m(["inner": .m(["s": .s("v")]), "empty": .m([:])]),
]

@Suite("DynamoDBClient against moto", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct DynamoDBClientTests {
    let client = Moto.client()

    @Test("create, describe, enable TTL on and delete a table")
    func tables() async throws {
        let name = try await Moto.createTable(client, stream: true)
        let description = try await client.describeTable(name)
        #expect(description.tableName == name)
        #expect(description.keySchema == [KeySchemaElement("pk", "HASH"), KeySchemaElement("sk", "RANGE")])
        #expect(description.latestStreamArn?.contains(name) == true)
        try await client.updateTimeToLive(table: name, attribute: "expiresAt")
        try await client.deleteTable(name)
        await #expect(throws: DynamoDBError.self) { try await client.describeTable(name) }
    }

    @Test("an item with every attribute type round-trips exactly")
    func everyAttributeType() async throws {
        let table = try await Moto.createTable(client)
        try await client.putItem(PutItemInput(tableName: table, item: everyType))
        let read = try await client.getItem(GetItemInput(tableName: table, key: Moto.key("all-types", 1), consistentRead: true))
        #expect(read == everyType)
    }

    @Test("random items of every type round-trip through moto, and moto's own bytes decode alike with Codable")
    func randomItemsThroughMoto() async throws {
        let transport = RecordingTransport()
        let client = DynamoDBClient(configuration: client.configuration, transport: transport)
        let table = try await Moto.createTable(client)
        var random = SeededGenerator(seed: 42)
        var written: [Item] = []
        for sk in 1...60 {
            let item = RandomItems(storable: true).item(&random).merging(Moto.key("fuzz", sk)) { $1 }
            try await client.putItem(PutItemInput(tableName: table, item: item))
            let read = try #require(try await client.getItem(GetItemInput(tableName: table, key: Moto.key("fuzz", sk), consistentRead: true)))
            #expect(read.sortingSets() == item.sortingSets(), "sk \(sk)")
            written.append(item)
        }
        let page = try await client.queryPages(QueryInput(
            tableName: table, keyConditionExpression: "pk = :pk", expressionAttributeValues: [":pk": .s("fuzz")], limit: 25)).allItems()
        #expect(page.map { $0.sortingSets() } == written.map { $0.sortingSets() })
        // Every answer moto gave, read by the Codable decoder the client used before: the same items, exactly.
        let reads = transport.responses.filter { $0.target.hasSuffix(".GetItem") || $0.target.hasSuffix(".Query") }
        #expect(reads.count == 60 + 3)  // 60 reads, then pages of 25, 25 and 10 items
        for (target, body) in reads {
            if target.hasSuffix(".GetItem") {
                let codable = try JSONDecoder().decode([String: Item].self, from: Data(body))["Item"]
                #expect(try DynamoDBJSON.decode(GetItemOutput.self, from: body).item == codable)
            } else {
                let codable = try JSONDecoder().decode(CodableQueryPage.self, from: Data(body))
                let wire = try DynamoDBJSON.decode(QueryOutput.self, from: body)
                #expect(wire.items == codable.Items && wire.count == codable.Count && wire.lastEvaluatedKey == codable.LastEvaluatedKey)
            }
        }
    }

    @Test("over TLS (a front to moto, its certificate trusted): an item with every attribute type round-trips")
    func overTLS() async throws {
        let moto = client.configuration.endpoint.absoluteString
        let front = try await offThePool { try TLSServer(mode: .forward(to: moto)) }
        defer { Thread { _ = front.stop() }.start() }
        var configuration = client.configuration
        configuration.endpoint = try #require(URL(string: front.endpoint))
        configuration.certificateAuthorities = front.certificate
        let client = DynamoDBClient(configuration: configuration)
        let table = try await Moto.createTable(client)
        try await client.putItem(PutItemInput(tableName: table, item: everyType))
        #expect(try await client.getItem(GetItemInput(tableName: table, key: Moto.key("all-types", 1), consistentRead: true)) == everyType)
        await #expect(throws: DynamoDBError.self) { try await client.describeTable("no-such-table") }
    }

    @Test("put, update, get and delete one item")
    func itemLifecycle() async throws {
        let table = try await Moto.createTable(client)
        try await client.putItem(PutItemInput(tableName: table, item: Moto.key("a", 1).merging(["n": .n("1")]) { $1 }))
        let updated = try await client.updateItem(UpdateItemInput(
            tableName: table, key: Moto.key("a", 1), updateExpression: "SET n = n + :one, label = :label",
            expressionAttributeValues: [":one": .n("1"), ":label": .s("two")], returnValues: .allNew))
        #expect(updated.attributes?["n"] == .n("2"))
        #expect(try await client.getItem(GetItemInput(tableName: table, key: Moto.key("a", 1)))?["label"] == .s("two"))
        let deleted = try await client.deleteItem(DeleteItemInput(tableName: table, key: Moto.key("a", 1), returnValues: .allOld))
        #expect(deleted.attributes?["n"] == .n("2"))
        #expect(try await client.getItem(GetItemInput(tableName: table, key: Moto.key("a", 1))) == nil)
    }

    @Test("a failed condition is a typed error carrying the existing item when ALL_OLD was asked")
    func conditionalFailure() async throws {
        let table = try await Moto.createTable(client)
        let existing = Moto.key("a", 1).merging(["v": .s("first")]) { $1 }
        try await client.putItem(PutItemInput(tableName: table, item: existing))
        do {
            try await client.putItem(PutItemInput(
                tableName: table, item: Moto.key("a", 1), conditionExpression: "attribute_not_exists(pk)",
                returnValuesOnConditionCheckFailure: .allOld))
            Issue.record("the conditional put succeeded")
        } catch {
            guard case .conditionalCheckFailed(let failedTable, let item) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(failedTable == table)
            #expect(item == existing)
        }
    }

    @Test("a query follows LastEvaluatedKey over several pages, in sort-key order")
    func pagination() async throws {
        let table = try await Moto.createTable(client)
        for sk in 1...45 { try await client.putItem(PutItemInput(tableName: table, item: Moto.key("p", sk))) }
        try await client.putItem(PutItemInput(tableName: table, item: Moto.key("other", 1)))
        let query = QueryInput(
            tableName: table, keyConditionExpression: "pk = :pk AND sk > :after",
            expressionAttributeValues: [":pk": .s("p"), ":after": .n("3")], limit: 10, consistentRead: true)
        var pages = 0
        var sortKeys: [Int] = []
        for try await page in client.queryPages(query) {
            pages += 1
            sortKeys += page.items.compactMap { $0["sk"]?.intValue }
        }
        #expect(pages >= 5)
        #expect(sortKeys == Array(4...45))
        #expect(try await client.queryPages(query).allItems().count == 42)
    }

    @Test("a batch read of 150 keys is split into requests of 100 and returns every item that exists")
    func batchGet() async throws {
        let table = try await Moto.createTable(client)
        for sk in 1...140 { try await client.putItem(PutItemInput(tableName: table, item: Moto.key("b", sk))) }
        let before = client.metrics.snapshot
        let items = try await client.batchGetItem(table: table, keys: (1...150).map { Moto.key("b", $0) }, consistentRead: true)
        #expect(Set(items.compactMap { $0["sk"]?.intValue }) == Set(1...140))
        #expect(client.metrics.snapshot.since(before).requests["BatchGetItem"] == 2)
    }

    @Test("a transaction is all or nothing, and a cancellation names each action's reason")
    func transactions() async throws {
        let table = try await Moto.createTable(client)
        try await client.transactWriteItems([
            .put(table: table, item: Moto.key("t", 1)), .put(table: table, item: Moto.key("t", 2)),
        ], clientRequestToken: "token-1")
        let existing = try #require(try await client.getItem(GetItemInput(tableName: table, key: Moto.key("t", 1))))
        do {
            try await client.transactWriteItems([
                .put(table: table, item: Moto.key("t", 3)),
                .put(table: table, item: Moto.key("t", 1), condition: "attribute_not_exists(pk)", returnOnFailure: .allOld),
            ])
            Issue.record("the transaction succeeded")
        } catch {
            guard case .transactionCanceled(let reasons) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reasons.map(\.code) == ["None", "ConditionalCheckFailed"])
            #expect(reasons[1].item == existing)
        }
        #expect(try await client.getItem(GetItemInput(tableName: table, key: Moto.key("t", 3))) == nil)
    }

    @Test("a missing table is resourceNotFound, naming the table")
    func missingTable() async throws {
        do {
            _ = try await client.getItem(GetItemInput(tableName: "no-such-table", key: Moto.key("a", 1)))
            Issue.record("read from a missing table")
        } catch {
            guard case .resourceNotFound(let table, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(table == "no-such-table")
        }
    }

    @Test("the Streams API lists shards and returns the table's changes in order")
    func streams() async throws {
        let table = try await Moto.createTable(client, stream: true)
        for sk in 1...3 { try await client.putItem(PutItemInput(tableName: table, item: Moto.key("s", sk))) }
        let arn = try #require(try await client.describeTable(table).latestStreamArn)
        let stream = try await client.describeStream(arn)
        let shard = try #require(stream.shards.first)
        var iterator = try await client.getShardIterator(streamARN: arn, shardID: shard.shardId, position: .trimHorizon)
        var records: [StreamRecord] = []
        while let current = iterator, records.count < 3 {
            let page = try await client.getRecords(shardIterator: current, limit: 2)
            if page.records.isEmpty { break }
            records += page.records
            iterator = page.nextShardIterator
        }
        #expect(records.map(\.eventName) == [.insert, .insert, .insert])
        #expect(records.compactMap { $0.dynamodb.keys["sk"]?.intValue } == [1, 2, 3])
        let sequence = records.map(\.dynamodb.sequenceNumber)
        #expect(zip(sequence, sequence.dropFirst()).allSatisfy { DecimalText.compareUnsignedIntegers($0, $1) })
    }

    @Test("a cancelled transaction leaves no record on the stream, for a reader that was already following it")
    func cancelledTransactionOnTheStream() async throws {
        let table = try await Moto.createTable(client, stream: true)
        try await client.putItem(PutItemInput(tableName: table, item: Moto.key("taken", 0)))
        let arn = try #require(try await client.describeTable(table).latestStreamArn)
        let shard = try #require(try await client.describeStream(arn).shards.first)
        let first = try await client.getShardIterator(streamARN: arn, shardID: shard.shardId, position: .trimHorizon)
        let before = try await client.getRecords(shardIterator: try #require(first))
        do {
            try await client.transactWriteItems([
                .put(table: table, item: Moto.key("s", 1).merging(["kind": .s("cancelled")]) { $1 }),
                .put(table: table, item: Moto.key("taken", 0), condition: "attribute_not_exists(pk)"),
            ])
            Issue.record("the transaction succeeded")
        } catch {
            guard case .transactionCanceled = error else { throw error }
        }
        try await client.putItem(PutItemInput(tableName: table, item: Moto.key("s", 1).merging(["kind": .s("stored")]) { $1 }))
        let after = try await client.getRecords(shardIterator: try #require(before.nextShardIterator))
        #expect(before.records.count == 1)
        #expect(after.records.map { $0.dynamodb.newImage?["kind"] } == [.s("stored")])
    }

    @Test("the capacity consumed is reported when asked for, and only then")
    func consumedCapacity() async throws {
        let table = try await Moto.createTable(client)
        let put = try await client.putItem(PutItemInput(tableName: table, item: Moto.key("c", 1), returnConsumedCapacity: .total))
        #expect(put.consumedCapacity?.tableName == table)
        #expect((put.consumedCapacity?.capacityUnits ?? 0) > 0)
        let query = QueryInput(tableName: table, keyConditionExpression: "pk = :pk", expressionAttributeValues: [":pk": .s("c")])
        var counted = query
        counted.returnConsumedCapacity = .total
        #expect(try await client.query(counted).consumedCapacity?.tableName == table)
        #expect(try await client.query(query).consumedCapacity == nil)
    }

    @Test("requests and bytes are counted per operation")
    func metrics() async throws {
        let table = try await Moto.createTable(client)
        let before = client.metrics.snapshot
        try await client.putItem(PutItemInput(tableName: table, item: Moto.key("m", 1)))
        _ = try await client.getItem(GetItemInput(tableName: table, key: Moto.key("m", 1)))
        let used = client.metrics.snapshot.since(before)
        #expect(used.requests == ["PutItem": 1, "GetItem": 1])
        #expect(used.attempts == 2)
        #expect(used.bytesSent > 0 && used.bytesReceived > 0)
    }
}

/// A Query page as `Codable` reads it, to compare with the wire decoder on moto's bytes.
private struct CodableQueryPage: Decodable {
    var Items: [Item]
    var Count: Int
    var LastEvaluatedKey: Item?
}

extension Item {
    /// The item with the elements of its sets (and of sets nested in lists and maps) in order: DynamoDB keeps no order.
    func sortingSets() -> Item { mapValues { $0.sortingSets() } }
}

extension AttributeValue {
    func sortingSets() -> AttributeValue {
        switch self {
        case .ss(let texts): .ss(texts.sorted())
        case .ns(let texts): .ns(texts.sorted())
        case .bs(let blobs): .bs(blobs.sorted { $0.lexicographicallyPrecedes($1) })
        case .l(let list): .l(list.map { $0.sortingSets() })
        case .m(let map): .m(map.sortingSets())
        default: self
        }
    }
}
