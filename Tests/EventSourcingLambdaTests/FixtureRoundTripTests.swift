import EventSourcingDynamoDBClient
import EventSourcingLambda
import Foundation
import Testing

/// Reads `Fixtures/NAME` beside this file.
func fixture(_ name: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name))
}

/// The JSON value with nulls removed from objects (a null and an absent optional are the same to Codable).
private func withoutNulls(_ value: Any) -> Any {
    if let object = value as? [String: Any] {
        return object.filter { !($0.value is NSNull) }.mapValues(withoutNulls)
    }
    if let array = value as? [Any] { return array.map(withoutNulls) }
    return value
}

/// Decodes a fixture into `T`, encodes it again, and checks that the JSON is the same.
private func roundTrip<T: Codable>(_ type: T.Type, _ name: String) throws -> T {
    let original = try fixture(name)
    let decoded = try JSONDecoder().decode(T.self, from: original)
    let encoded = try JSONEncoder().encode(decoded)
    let before = withoutNulls(try JSONSerialization.jsonObject(with: original)) as! NSObject
    let after = withoutNulls(try JSONSerialization.jsonObject(with: encoded)) as! NSObject
    #expect(before.isEqual(after), "\(name) changed in the round trip")
    return decoded
}

@Suite("Event fixtures decode, encode back to the same JSON, and expose what handlers need")
struct FixtureRoundTripTests {
    @Test("HTTP API 2.0 with a JWT authorizer")
    func httpAPIWithJWT() throws {
        let request = try roundTrip(APIGatewayV2Request.self, "apigateway-v2-jwt.json")
        #expect(request.method == "POST")
        #expect(request.requestContext.authorizer?.jwt?.claims?["sub"] == "user-42")
        #expect(request.requestContext.authorizer?.jwt?.scopes == ["accounts/write"])
        #expect(request.header("Idempotency-Key") == "7f1c2d3e-key")
        #expect(request.header("IF-MATCH") == "\"3\"")
        #expect(request.queryStringParameters?["tag"] == "a,b")
        #expect(request.cookies == ["session=abc123", "theme=dark"])
        #expect(request.pathParameters?["id"] == "acc-1")
        #expect(request.bodyBytes == Array(#"{"amount": 100}"#.utf8))
    }

    @Test("HTTP API 2.0 with an IAM authorizer")
    func httpAPIWithIAM() throws {
        let request = try roundTrip(APIGatewayV2Request.self, "apigateway-v2-iam.json")
        #expect(request.requestContext.authorizer?.iam?["userArn"] == .string("arn:aws:iam::123456789012:user/alice"))
        #expect(request.requestContext.authorizer?.jwt == nil)
        #expect(request.body == nil && request.bodyBytes == nil)
    }

    @Test("HTTP API 2.0 without an authorizer, with a base64 body")
    func httpAPIWithoutAuthorizer() throws {
        let request = try roundTrip(APIGatewayV2Request.self, "apigateway-v2-no-authorizer.json")
        #expect(request.requestContext.authorizer == nil)
        #expect(request.bodyBytes == [0, 1, 2, 255, 0, 254])
        #expect(request.header("X-Owner") == "dev-user")
        #expect(request.queryStringParameters == nil && request.cookies == nil)
    }

    @Test("REST API 1.0 with null fields and Cognito claims")
    func restAPIWithNulls() throws {
        let request = try roundTrip(APIGatewayRequest.self, "apigateway-v1-nulls.json")
        #expect(request.httpMethod == "GET")
        #expect(request.queryStringParameters == nil && request.body == nil && request.bodyBytes == nil)
        #expect(request.header("x-owner") == "user-7")
        #expect(request.authorizerClaims?["sub"] == "user-7")
        #expect(request.authorizerClaims?["email_verified"] == "true")
        #expect(request.authorizerClaims?["auth_time"] == "1764233297")
        #expect(request.requestContext.identity?["sourceIp"] == .string("192.0.2.1"))
    }

    @Test("DynamoDB Streams records with every attribute type and 25-digit sequence numbers")
    func streamAllTypes() throws {
        let event = try roundTrip(DynamoDBStreamEvent.self, "dynamodb-stream-all-types.json")
        #expect(event.records.count == 2)
        let image = try #require(event.records[0].dynamodb.newImage)
        #expect(Set(image.values.map(\.typeKey)) == ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"])
        #expect(image["big"] == .n("12345678901234567890123456789012345678"))
        #expect(image["fraction"] == .n("-0.000000000000000000000000000000000001"))
        #expect(image["blob"] == .b(Data([0xDE, 0xAD, 0xBE, 0xEF])))
        #expect(image["map"]?.mapValue?["inner"]?.mapValue?["s"] == .s("ü ✓"))
        #expect(image["sk"]?.int64Value == 1)
        #expect(event.records[0].dynamodb.sequenceNumber == "1234567890123456789012345")
        #expect(event.records[0].dynamodb.approximateCreationDateTime == 1795769297.123)
        #expect(event.records[1].eventName == .modify && event.records[1].dynamodb.oldImage?["v"] == .n("1"))
        #expect(DecimalText.compareUnsignedIntegers(event.records[0].dynamodb.sequenceNumber, event.records[1].dynamodb.sequenceNumber))
    }

    @Test("a REMOVE made by TTL is told apart from one made by a caller")
    func ttlRemoval() throws {
        let event = try roundTrip(DynamoDBStreamEvent.self, "dynamodb-stream-ttl-remove.json")
        #expect(event.records[0].isTimeToLiveRemoval)
        #expect(!event.records[1].isTimeToLiveRemoval)
        #expect(event.records[0].dynamodb.newImage == nil)
        // 26 digits < 27 digits, whatever the leading characters.
        #expect(DecimalText.compareUnsignedIntegers(event.records[0].dynamodb.sequenceNumber, event.records[1].dynamodb.sequenceNumber))
    }

    @Test("the batch response encodes as Lambda expects, an empty list meaning success")
    func batchResponse() throws {
        let encoded = try JSONEncoder().encode(DynamoDBBatchResponse(batchItemFailures: [.init(itemIdentifier: "1234567890123456789012345")]))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"batchItemFailures":[{"itemIdentifier":"1234567890123456789012345"}]}"#)
        #expect(String(decoding: try JSONEncoder().encode(DynamoDBBatchResponse()), as: UTF8.self) == #"{"batchItemFailures":[]}"#)
    }
}
