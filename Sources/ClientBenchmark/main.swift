import AWSSigning
import EventSourcingCrypto
import DynamoDB
import Foundation

// ClientBenchmark: how fast the DynamoDB client's CPU-bound parts are — SigV4 signatures, the item codec, and the
// wire JSON of items. Prints one line per figure; scripts/bench adds botocore's signing rate for comparison.

/// Runs `body` repeatedly for about `seconds` and returns operations per second.
func rate(seconds: Double = 1.0, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<200 { try body() }  // warm-up
    let clock = ContinuousClock()
    var count = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<100 { try body() }
        count += 100
        elapsed = clock.now - start
    }
    return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// A typical event item: what the event store writes per event.
struct EventRecord: Codable {
    var streamID: String
    var version: Int64
    var type: String
    var schemaVersion: Int
    var eventID: String
    var commandID: String
    var correlationID: String
    var timestamp: Date
    var payload: [String: Int64]
    var owner: String
}

let signer = SigV4Signer(
    credentials: AWSCredentials(accessKeyID: "AKIAEXAMPLE123", secretAccessKey: "secret", sessionToken: "token"), region: "eu-west-1",
    service: "dynamodb")
let body = Array(#"{"TableName":"events","Item":{"pk":{"S":"account#acc-1"},"sk":{"N":"42"},"type":{"S":"Deposited"},"data":{"M":{"amount":{"N":"100"}}},"eventId":{"S":"0f8fad5b-d9cb-469f-a165-70867728950e"},"timestamp":{"N":"1795769297.123"}},"ConditionExpression":"attribute_not_exists(sk)"}"#.utf8)
let record = EventRecord(
    streamID: "account#acc-1", version: 42, type: "Deposited", schemaVersion: 1, eventID: UUID().uuidString,
    commandID: UUID().uuidString, correlationID: UUID().uuidString, timestamp: Date(), payload: ["amount": 100], owner: "user-42")
let encoder = DynamoDBItemEncoder(), decoder = DynamoDBItemDecoder()
let item = try encoder.encode(record)
let wire = try JSONEncoder().encode(item)

let figures: [(String, Double)] = [
    ("SigV4 signatures per second (PutItem, \(body.count)-byte body)", rate {
        var request = SignableRequest(method: "POST", headers: [
            ("Host", "dynamodb.eu-west-1.amazonaws.com"), ("Content-Type", "application/x-amz-json-1.0"),
            ("X-Amz-Target", "DynamoDB_20120810.PutItem"),
        ], body: body)
        signer.sign(&request)
    }),
    ("SHA-256 throughput (MB/s, 64 KiB blocks)", rate { _ = SHA256.hash([UInt8](repeating: 7, count: 65_536)) } * 65_536 / 1_048_576),
    ("items encoded per second (Codable → item, 10 attributes)", try rate { _ = try encoder.encode(record) }),
    ("items decoded per second (item → Codable)", try rate { _ = try decoder.decode(EventRecord.self, from: item) }),
    ("items to wire JSON per second", try rate { _ = try JSONEncoder().encode(item) }),
    ("items from wire JSON per second", try rate { _ = try JSONDecoder().decode([String: AttributeValue].self, from: wire) }),
]
for (label, value) in figures {
    print("| \(label) | \(String(format: value >= 100 ? "%.0f" : "%.1f", value)) |")
}
