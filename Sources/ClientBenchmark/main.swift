import EventSourcingCrypto
import EventSourcingDynamoDBClient
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
    return Double(count) / (elapsed / .seconds(1))
}

let signer = SigV4Signer(
    credentials: AWSCredentials(accessKeyID: "AKIAEXAMPLE123", secretAccessKey: "secret", sessionToken: "token"), region: "eu-west-1",
    service: "dynamodb")
let body = Array(#"{"TableName":"events","Item":{"pk":{"S":"account#acc-1"},"sk":{"N":"42"},"type":{"S":"Deposited"},"data":{"M":{"amount":{"N":"100"}}},"eventId":{"S":"0f8fad5b-d9cb-469f-a165-70867728950e"},"timestamp":{"N":"1795769297.123"}},"ConditionExpression":"attribute_not_exists(sk)"}"#.utf8)
/// A typical event item: what the event store writes per event.
let item: [String: AttributeValue] = [
    "pk": .s("account#acc-1"), "sk": .n("42"), "kind": .s("event"), "type": .s("Deposited"), "schemaVersion": .n("1"),
    "data": .m(["amount": .n("100")]), "eventId": .s(UUID().uuidString.lowercased()), "timestamp": .n("1795769297.123"),
    "commandId": .s(UUID().uuidString.lowercased()), "correlationId": .s(UUID().uuidString.lowercased()),
]
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
    ("items to wire JSON per second", try rate { _ = try JSONEncoder().encode(item) }),
    ("items from wire JSON per second", try rate { _ = try JSONDecoder().decode([String: AttributeValue].self, from: wire) }),
]
for (label, value) in figures {
    print("| \(label) | \(String(format: value >= 100 ? "%.0f" : "%.1f", value)) |")
}
