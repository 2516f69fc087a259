import EventSourcingDynamoDBClient
import Foundation
import Testing

private func client(_ transport: ScriptedTransport, attempts: Int = 4) -> DynamoDBClient {
    DynamoDBClient(
        configuration: DynamoDBConfiguration(
            region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:9")!,
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"),
            retry: RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))),
        transport: transport)
}

private let get = GetItemInput(tableName: "events", key: ["pk": .s("a")])

@Suite("Retries: bounded, with backoff, only for failures that may pass")
struct RetryTests {
    @Test("5xx and lost connections are retried until an answer comes")
    func retriesTransient() async throws {
        let transport = ScriptedTransport([
            .answer(500, ScriptedTransport.error("InternalServerError")), .fail(.failed("the connection broke")),
            .answer(503, "{}"), .answer(200, #"{"Item":{"pk":{"S":"a"}}}"#),
        ])
        let item = try await client(transport).getItem(get)
        #expect(item == ["pk": .s("a")])
        #expect(transport.requestCount == 4)
    }

    @Test("throttling is retried, then reported as throttled once the attempts are spent")
    func throttling() async {
        let transport = ScriptedTransport(Array(repeating: .answer(400, ScriptedTransport.error("ProvisionedThroughputExceededException")), count: 10))
        await #expect(throws: DynamoDBError.self) { _ = try await client(transport, attempts: 3).getItem(get) }
        #expect(transport.requestCount == 3)
        do {
            _ = try await client(ScriptedTransport([.answer(400, ScriptedTransport.error("ThrottlingException"))]), attempts: 1).getItem(get)
        } catch {
            guard case .throttled(let operation, _) = error else {
                Issue.record("expected throttled, got \(error)")
                return
            }
            #expect(operation == "GetItem")
        }
    }

    @Test("validation errors and failed conditions are not retried", arguments: ["ValidationException", "ConditionalCheckFailedException"])
    func notRetried(type: String) async {
        let transport = ScriptedTransport([.answer(400, ScriptedTransport.error(type)), .answer(200, "{}")])
        await #expect(throws: DynamoDBError.self) { _ = try await client(transport).getItem(get) }
        #expect(transport.requestCount == 1)
    }

    @Test("a deadline stops the retries and reports a timeout")
    func deadline() async {
        let transport = ScriptedTransport(Array(repeating: .answer(500, "{}"), count: 1000))
        let slowRetries = DynamoDBClient(
            configuration: DynamoDBConfiguration(
                region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:9")!,
                credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"),
                retry: RetryPolicy(maxAttempts: 1000, baseDelay: .milliseconds(20), maxDelay: .milliseconds(40))),
            transport: transport)
        let start = ContinuousClock.now
        await #expect(throws: DynamoDBError.self) {
            try await DynamoDBClient.$deadline.withValue(.now + .milliseconds(200)) { _ = try await slowRetries.getItem(get) }
        }
        // The deadline, not the 1,000-attempt budget (about 30 s of backoff), ended the call.
        #expect(transport.requestCount < 100)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test("full jitter keeps every delay between zero and the capped exponential")
    func jitter() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100))
        for attempt in 1...10 {
            let ceiling = min(Duration.milliseconds(100), .milliseconds(10) * (1 << (attempt - 1)))
            for _ in 0..<50 {
                let delay = policy.delay(after: attempt)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
    }

    @Test("XML error bodies (as some endpoints send) still give a typed error")
    func xmlErrors() async {
        let xml = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>bad token</Message></Error></Errors></ErrorResponse>"
        do {
            _ = try await client(ScriptedTransport([.answer(403, xml)])).getItem(get)
            Issue.record("accepted")
        } catch {
            guard case .accessDenied(let code, let message) = error else {
                Issue.record("expected accessDenied, got \(error)")
                return
            }
            #expect(code == "InvalidClientTokenId" && message == "bad token")
        }
    }

    @Test("every request is signed, with the target and JSON content type")
    func signedRequests() async throws {
        let transport = ScriptedTransport([.answer(200, "{}")])
        _ = try await client(transport).getItem(get)
        let request = try #require(transport.requests.first)
        func header(_ name: String) -> String? { request.headers.first { $0.name.lowercased() == name.lowercased() }?.value }  // names are case-insensitive
        #expect(header("X-Amz-Target") == "DynamoDB_20120810.GetItem")
        #expect(header("Content-Type") == "application/x-amz-json-1.0")
        #expect(header("Authorization")?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKID/") == true)
        #expect(header("Authorization")?.contains("secret") == false)
    }
}

@Suite("Bad input fails before any request is sent")
struct RequestValidationTests {
    private func expectInvalid(_ fragment: String, _ body: (DynamoDBClient) async throws(DynamoDBError) -> Void) async {
        let transport = ScriptedTransport([])
        do {
            try await body(client(transport))
            Issue.record("accepted")
        } catch {
            guard case .invalidRequest(let reason) = error else {
                Issue.record("expected invalidRequest, got \(error)")
                return
            }
            #expect(reason.contains(fragment), "\(reason)")
        }
        #expect(transport.requestCount == 0)
    }

    @Test("an item over 400 KB names the limit")
    func oversizedItem() async {
        let item: Item = ["pk": .s("a"), "blob": .s(String(repeating: "x", count: 410_000))]
        await expectInvalid("400 KB") { client throws(DynamoDBError) in try await client.putItem(PutItemInput(tableName: "events", item: item)) }
    }

    @Test("an empty or malformed table name is refused", arguments: ["", "ab", "has space", String(repeating: "t", count: 256)])
    func tableNames(name: String) async {
        await expectInvalid("table name") { client throws(DynamoDBError) in _ = try await client.getItem(GetItemInput(tableName: name, key: ["pk": .s("a")])) }
    }

    @Test("a non-finite or malformed number is refused", arguments: ["NaN", "Infinity", "-inf", "1e", ""])
    func numbers(text: String) async {
        await expectInvalid("not") { client throws(DynamoDBError) in
            try await client.putItem(PutItemInput(tableName: "events", item: ["pk": .s("a"), "n": .m(["deep": .n(text)])]))
        }
    }

    @Test("transactions over 100 actions or 4 MB, or empty, are refused")
    func transactionLimits() async {
        await expectInvalid("at most 100") { client throws(DynamoDBError) in
            try await client.transactWriteItems((0...100).map { .put(table: "events", item: ["pk": .s("\($0)")]) })
        }
        let big = String(repeating: "y", count: 390_000)
        await expectInvalid("4 MB") { client throws(DynamoDBError) in
            try await client.transactWriteItems((0..<11).map { .put(table: "events", item: ["pk": .s("\($0)"), "b": .s(big)]) })
        }
        await expectInvalid("at least one") { client throws(DynamoDBError) in try await client.transactWriteItems([]) }
    }
}
