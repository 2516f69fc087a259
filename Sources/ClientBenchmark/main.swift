import EventSourcingCrypto
import EventSourcingDynamoDBClient
import EventSourcingJSON
import Foundation

// ClientBenchmark: how fast the DynamoDB client's CPU-bound parts are — SigV4 signatures, and DynamoDB's JSON wire
// format both ways: the one-pass codec the client uses (DynamoDBJSON: JSONWriter, JSONScanner) against Codable
// (JSONEncoder/JSONDecoder on the same shapes, as the client had it before), on the items the event store writes.
// Prints two tables; scripts/bench adds botocore's signing rate for comparison.

/// Runs `body` repeatedly for about `seconds` and returns operations per second.
func rate(seconds: Double = 1.0, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<50 { try body() }  // warm-up
    let clock = ContinuousClock()
    var count = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<20 { try body() }
        count += 20
        elapsed = clock.now - start
    }
    return Double(count) / (elapsed / .seconds(1))
}

func format(_ value: Double) -> String { String(format: value >= 100 ? "%.0f" : "%.1f", value) }

let signer = SigV4Signer(
    credentials: AWSCredentials(accessKeyID: "AKIAEXAMPLE123", secretAccessKey: "secret", sessionToken: "token"), region: "eu-west-1",
    service: "dynamodb")
let body = Array(#"{"TableName":"events","Item":{"pk":{"S":"account#acc-1"},"sk":{"N":"42"},"type":{"S":"Deposited"},"data":{"M":{"amount":{"N":"100"}}},"eventId":{"S":"0f8fad5b-d9cb-469f-a165-70867728950e"},"timestamp":{"N":"1795769297.123"}},"ConditionExpression":"attribute_not_exists(sk)"}"#.utf8)

print("| figure | value |")
print("|---|---|")
for (label, value) in [
    ("SigV4 signatures per second (PutItem, \(body.count)-byte body)", rate {
        // The headers as the client sends them (lower-case names).
        var request = SignableRequest(method: "POST", headers: [
            ("host", "dynamodb.eu-west-1.amazonaws.com"), ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", "DynamoDB_20120810.PutItem"),
        ], body: body)
        signer.sign(&request)
    }),
    ("SHA-256 throughput (MB/s, 64 KiB blocks)", rate { _ = SHA256.hash([UInt8](repeating: 7, count: 65_536)) } * 65_536 / 1_048_576),
] {
    print("| \(label) | \(format(value)) |")
}

// MARK: - The wire format: Codable against the one-pass codec

/// An event item as the event store writes it (10 attributes, one of them a map).
func eventItem(version: Int) -> Item {
    [
        "pk": .s("account#acc-1"), "sk": .n(String(version)), "kind": .s("event"), "type": .s("Deposited"), "schemaVersion": .n("1"),
        "data": .m(["amount": .n("100")]), "eventId": .s(UUID().uuidString.lowercased()), "timestamp": .n("1795769297.123"),
        "commandId": .s(UUID().uuidString.lowercased()), "correlationId": .s(UUID().uuidString.lowercased()),
    ]
}

/// A Query page as Codable decoded it (the client's `QueryOutput` before the wire codec).
struct CodableQueryPage: Codable {
    var items: [Item]
    var count: Int
    var lastEvaluatedKey: Item?
    enum CodingKeys: String, CodingKey { case items = "Items", count = "Count", lastEvaluatedKey = "LastEvaluatedKey" }

    init(items: [Item], count: Int, lastEvaluatedKey: Item?) {
        self.items = items
        self.count = count
        self.lastEvaluatedKey = lastEvaluatedKey
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? items.count
        lastEvaluatedKey = try container.decodeIfPresent(Item.self, forKey: .lastEvaluatedKey)
    }
}

/// A PutItem request as Codable encoded it (the client's `PutItemInput` before the wire codec).
struct CodablePutItem: Encodable {
    var tableName: String
    var item: Item
    var conditionExpression: String?
    enum CodingKeys: String, CodingKey { case tableName = "TableName", item = "Item", conditionExpression = "ConditionExpression" }
}

let item = eventItem(version: 42)
let itemJSON = DynamoDBJSON.encode(item)
let pageItems = (1...100).map { eventItem(version: $0) }
let page = try JSONEncoder().encode(CodableQueryPage(items: pageItems, count: 100, lastEvaluatedKey: ["pk": .s("account#acc-1"), "sk": .n("1")]))
let put = PutItemInput(tableName: "events", item: item, conditionExpression: "attribute_not_exists(sk)")
let codablePut = CodablePutItem(tableName: "events", item: item, conditionExpression: "attribute_not_exists(sk)")

// Both decoders must agree before their speeds mean anything.
let agreed = try (
    DynamoDBJSON.decode(QueryOutput.self, from: page).items, JSONDecoder().decode(CodableQueryPage.self, from: page).items,
    DynamoDBJSON.decode(Item.self, from: itemJSON))
precondition(agreed.0 == pageItems && agreed.1 == pageItems && agreed.2 == item, "the decoders disagree")
let straight = try DynamoDBJSON.decode(QueryPage<JSONItem>.self, from: page).items.map(\.attributes)
precondition(straight == pageItems.map(JSON.attributes), "read straight into JSON, the page differs")

/// Both ways' rates, measured in turns (seven rounds of a fifth of a second each), the median of each: other work on
/// the machine then weighs on both alike, and the ratio holds even when the absolute figures move.
func compare(codable: () throws -> Void, wire: () throws -> Void) rethrows -> (codable: Double, wire: Double) {
    var codableRates: [Double] = [], wireRates: [Double] = []
    for _ in 0..<7 {
        codableRates.append(try rate(seconds: 0.2, codable))
        wireRates.append(try rate(seconds: 0.2, wire))
    }
    return (codableRates.sorted()[3], wireRates.sorted()[3])
}

let pageDecoding = try compare(
    codable: { _ = try JSONDecoder().decode(CodableQueryPage.self, from: page) },
    wire: { _ = try DynamoDBJSON.decode(QueryOutput.self, from: page) })
let itemDecoding = try compare(
    codable: { _ = try JSONDecoder().decode(Item.self, from: Data(itemJSON)) }, wire: { _ = try DynamoDBJSON.decode(Item.self, from: itemJSON) })
let itemEncoding = try compare(codable: { _ = try JSONEncoder().encode(item) }, wire: { _ = DynamoDBJSON.encode(item) })
let putEncoding = try compare(codable: { _ = try JSONEncoder().encode(codablePut) }, wire: { _ = DynamoDBJSON.encode(put) })
// What the stores read a page into: attribute values converted to `JSON` after, or `JSON` straight away (`JSONItem`).
let intoJSON = try compare(
    codable: { _ = try DynamoDBJSON.decode(QueryOutput.self, from: page).items.map(JSON.attributes) },
    wire: { _ = try DynamoDBJSON.decode(QueryPage<JSONItem>.self, from: page) })

print()
print("| wire format (per second) | Codable | one-pass codec | ratio |")
print("|---|---|---|---|")
let rows: [(String, (codable: Double, wire: Double))] = [
    ("100-item Query pages decoded (\(page.count) bytes)", pageDecoding),
    ("items decoded, in 100-item pages", (pageDecoding.codable * 100, pageDecoding.wire * 100)),
    ("items decoded one by one (10 attributes, \(itemJSON.count) bytes)", itemDecoding),
    ("items encoded", itemEncoding),
    ("PutItem requests encoded (that item, a condition)", putEncoding),
]
for (label, pair) in rows {
    print("| \(label) | \(format(pair.codable)) | \(format(pair.wire)) | \(String(format: "%.1f", pair.wire / pair.codable))× |")
}

print()
print("| a 100-item Query page read into `JSON` attributes (per second) | `Item`, then `JSON.attributes` | straight into `JSON` (`JSONItem`) | ratio |")
print("|---|---|---|---|")
print("| pages | \(format(intoJSON.codable)) | \(format(intoJSON.wire)) | \(String(format: "%.1f", intoJSON.wire / intoJSON.codable))× |")
