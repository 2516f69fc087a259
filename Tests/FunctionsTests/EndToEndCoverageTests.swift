import EventSourcingDynamoDBClient
import EventSourcingLambda
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

private func errorCode(_ response: APIGatewayV2Response) -> String? {
    (object(response)["error"] as? [String: String])?["code"]
}

@Suite("End to end: formats, every error code, concurrency, lost responses, projector delivery", .enabled(if: Moto.endpoint != nil && Moto.templateSettings != nil, Moto.skipReason))
struct EndToEndCoverageTests {
    @Test("REST API 1.0 events are served and answered in the 1.0 format")
    func restAPI() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        func rest(_ method: String, _ path: String, body: String?) -> [UInt8] {
            let bodyJSON = body.map { #""\#($0.replacingOccurrences(of: "\"", with: "\\\""))""# } ?? "null"
            return Array(#"{"resource":"/accounts/{id}","path":"\#(path)","httpMethod":"\#(method)","headers":{"Content-Type":"application/json"},"multiValueHeaders":null,"queryStringParameters":null,"multiValueQueryStringParameters":null,"pathParameters":null,"stageVariables":null,"requestContext":{"requestId":"r","authorizer":{"claims":{"sub":"ann"}}},"body":\#(bodyJSON),"isBase64Encoded":false}"#.utf8)
        }
        for (method, path, body, status) in [("POST", "/accounts/r-1/open", Optional("{}"), 201), ("POST", "/accounts/r-1/deposit", #"{"amount": 9}"#, 200), ("GET", "/accounts/r-1/events", nil, 200)] {
            let result = await api.invoke(rest(method, path, body: body))
            let answer = try JSONDecoder().decode(APIGatewayResponse.self, from: Data(try #require(result.responseBody, "\(result)")))
            #expect(answer.statusCode == status, "\(method) \(path): \(answer.body)")
        }
    }

    @Test("every error code of product.md but concurrency_conflict (a race lost six times over) is reached by a real request")
    func everyErrorCode() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        func send(_ event: [UInt8]) async throws -> APIGatewayV2Response { try response(await api.invoke(event)) }
        _ = try await send(Deployment.httpAPI("POST", "/accounts/a/open", body: "{}"))
        _ = try await send(Deployment.httpAPI("POST", "/accounts/a/deposit", body: #"{"amount": 10}"#, headers: ["Idempotency-Key": "k"]))
        _ = try await send(Deployment.httpAPI("POST", "/accounts/closed/open", body: "{}"))
        _ = try await send(Deployment.httpAPI("POST", "/accounts/closed/close", body: "{}"))
        let anonymous = Array(String(decoding: Deployment.httpAPI("GET", "/accounts"), as: UTF8.self).replacingOccurrences(of: #","authorizer":{"jwt":{"claims":{"sub":"ann","iss":"https://issuer.example"},"scopes":[]}}"#, with: "").utf8)
        let cases: [(String, [UInt8], Int, String)] = [
            ("invalid_json", Deployment.httpAPI("POST", "/accounts/a/deposit", body: "{"), 400, "invalid_json"),
            ("invalid_request", Deployment.httpAPI("POST", "/accounts/a/deposit", body: #"{"amount": -1}"#), 400, "invalid_request"),
            ("unauthenticated", anonymous, 401, "unauthenticated"),
            ("not_found", Deployment.httpAPI("GET", "/accounts/missing"), 404, "not_found"),
            ("method_not_allowed", Deployment.httpAPI("DELETE", "/accounts/a"), 405, "method_not_allowed"),
            ("already_exists", Deployment.httpAPI("POST", "/accounts/a/open", body: "{}"), 409, "already_exists"),
            ("idempotency_key_reused", Deployment.httpAPI("POST", "/accounts/a/deposit", body: #"{"amount": 11}"#, headers: ["Idempotency-Key": "k"]), 409, "idempotency_key_reused"),
            ("version_mismatch", Deployment.httpAPI("POST", "/accounts/a/deposit", body: #"{"amount": 1}"#, headers: ["If-Match": "\"1\""]), 412, "version_mismatch"),
            ("payload_too_large", Deployment.httpAPI("POST", "/accounts/a/deposit", body: #"{"amount": 1, "pad": ""# + String(repeating: "x", count: 70_000) + #""}"#), 413, "payload_too_large"),
            ("insufficient_funds", Deployment.httpAPI("POST", "/accounts/a/withdraw", body: #"{"amount": 11}"#), 422, "insufficient_funds"),
            ("account_closed", Deployment.httpAPI("POST", "/accounts/closed/deposit", body: #"{"amount": 1}"#), 422, "account_closed"),
            ("balance_not_zero", Deployment.httpAPI("POST", "/accounts/a/close", body: "{}"), 422, "balance_not_zero"),
        ]
        for (name, event, status, code) in cases {
            let answer = try await send(event)
            #expect(answer.statusCode == status && errorCode(answer) == code, "\(name): \(answer.statusCode) \(answer.body ?? "")")
        }
        // 500: an item in the events table that claims to be an event but is not readable.
        try await deployment.client.putItem(PutItemInput(tableName: deployment.eventsTable, item: ["pk": .s("account#broken"), "sk": .n("1"), "kind": .s("event")]))
        let broken = try await send(Deployment.httpAPI("POST", "/accounts/broken/deposit", body: #"{"amount": 1}"#))
        #expect(broken.statusCode == 500 && errorCode(broken) == "internal" && !(broken.body ?? "").contains("corrupt"))
        // 503: the store cannot be reached.
        let (downAPI, down) = try deployment.startCommandFunction(["AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9"])
        defer { down.terminate() }
        let unavailable = try response(await downAPI.invoke(Deployment.httpAPI("POST", "/accounts/a/deposit", body: #"{"amount": 1}"#)))
        #expect(unavailable.statusCode == 503 && errorCode(unavailable) == "unavailable" && unavailable.headers?["Retry-After"] != nil)
        // concurrency_conflict (409) needs a race lost six times in a row; the concurrency test accepts it among its answers.
    }

    @Test("three function processes withdrawing concurrently: no overdraft, versions contiguous, only 200, 409 or 422")
    func concurrentWithdrawals() async throws {
        let deployment = try await Deployment()
        let functions = try (1...3).map { _ in try deployment.startCommandFunction() }
        defer { functions.forEach { $0.1.terminate() } }
        _ = try response(await functions[0].0.invoke(Deployment.httpAPI("POST", "/accounts/shared/open", body: "{}")))
        _ = try response(await functions[0].0.invoke(Deployment.httpAPI("POST", "/accounts/shared/deposit", body: #"{"amount": 1000}"#)))
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for (api, _) in functions {
                group.addTask {
                    var statuses: [Int] = []
                    for _ in 1...10 {
                        statuses.append(try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/shared/withdraw", body: #"{"amount": 50}"#))).statusCode)
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(statuses).isSubset(of: [200, 409, 422]), "\(statuses)")
        let succeeded = statuses.filter { $0 == 200 }.count
        #expect(succeeded == 20, "1000 / 50 withdrawals fit; the rest must be refused: \(statuses)")
        let events = try response(await functions[1].0.invoke(Deployment.httpAPI("GET", "/accounts/shared/events", query: "limit=1000")))
        let versions = (object(events)["events"] as? [[String: Any]])?.compactMap { $0["version"] as? Int } ?? []
        #expect(versions == Array(1...(2 + succeeded)))
    }

    @Test("a response lost on the way back: the retry with the same key gets the first answer, and one set of events")
    func lostResponse() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/l/open", body: "{}")))
        let deposit = Deployment.httpAPI("POST", "/accounts/l/deposit", body: #"{"amount": 40}"#, headers: ["Idempotency-Key": "lost-1"])
        _ = await api.invoke(deposit)  // applied, but the answer never reaches the caller
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/l/withdraw", body: #"{"amount": 15}"#)))  // the state moves on
        let retry = try response(await api.invoke(deposit))
        #expect(retry.statusCode == 200 && retry.headers?["Idempotent-Replayed"] == "true" && object(retry)["version"] as? Int == 2)
        let events = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/l/events")))
        #expect((object(events)["events"] as? [[String: Any]])?.map { $0["type"] as? String } == ["Opened", "Deposited", "Withdrawn"])
    }

    @Test("the projector: batches reordered, a gap, a poison record in the middle — the read models end exactly right")
    func projectorDelivery() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        for (path, body) in [("/accounts/p/open", "{}"), ("/accounts/p/deposit", #"{"amount": 10}"#), ("/accounts/p/deposit", #"{"amount": 20}"#), ("/accounts/p/withdraw", #"{"amount": 5}"#)] {
            _ = try response(await api.invoke(Deployment.httpAPI("POST", path, body: body)))
        }
        let all = try await deployment.streamRecords()
        let records = all.filter { $0.dynamodb.newImage?["kind"] == .s("event") }  // SNAPSHOT_INTERVAL=3 also adds a snapshot item
        #expect(records.count == 4 && all.count == 5)
        let projectorAPI = try RuntimeAPIServer(.init(functionName: "StreamProjector"))
        let projector = try ChildFunction(product: "StreamProjector", environment: deployment.environment(projectorAPI))
        defer { projector.terminate() }
        func deliver(_ batch: [StreamRecord]) async throws -> [String] {
            let result = await projectorAPI.invoke(Array(try JSONEncoder().encode(DynamoDBStreamEvent(records: batch))))
            return try JSONDecoder().decode(DynamoDBBatchResponse.self, from: Data(try #require(result.responseBody, "\(result)"))).batchItemFailures.map(\.itemIdentifier)
        }
        func balance() async throws -> (Int?, Int?) {
            let summary = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/p")))
            return (object(summary)["balance"] as? Int, object(summary)["version"] as? Int)
        }
        // A poison record in the middle: reported, nothing from it on applied.
        var poison = records[1]
        poison.dynamodb.newImage?["type"] = .s("Unheard")
        poison.dynamodb.sequenceNumber = "\(records[1].dynamodb.sequenceNumber)9"
        #expect(try await deliver([records[0], poison, records[1]]) == [poison.dynamodb.sequenceNumber])
        #expect(try await balance() == (0, 1))
        // A gap: version 4 alone; 2 and 3 are read from the event store first.
        #expect(try await deliver([records[3]]).isEmpty)
        #expect(try await balance() == (25, 4))
        // Reordered and repeated batches change nothing more.
        #expect(try await deliver([records[2], records[1]]).isEmpty)
        #expect(try await deliver(all).isEmpty)
        #expect(try await balance() == (25, 4))
        let list = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts")))
        #expect(object(list)["totalBalance"] as? Int == 25)
    }
}

@Suite("Snapshots after the answer, end to end", .enabled(if: Moto.endpoint != nil && Moto.templateSettings != nil, Moto.skipReason))
struct SnapshotAfterResponseTests {
    @Test("the snapshot a command makes due is written after its answer is posted, before the function takes the next event")
    func snapshotAfterAnswer() async throws {
        let deployment = try await Deployment()  // SNAPSHOT_INTERVAL=3
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        for (path, body) in [("/accounts/s/open", "{}"), ("/accounts/s/deposit", #"{"amount": 1}"#), ("/accounts/s/deposit", #"{"amount": 2}"#)] {
            #expect(try response(await api.invoke(Deployment.httpAPI("POST", path, body: body))).statusCode < 300)
        }
        // The runtime asks for the next event only once the work after the answer is done: when the next command is
        // answered, the snapshot at version 3 is there.
        _ = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/s/events")))
        let slot = try await deployment.client.getItem(GetItemInput(tableName: deployment.eventsTable, key: ["pk": .s("account#s"), "sk": .n("0")], consistentRead: true))
        #expect(slot?["kind"] == .s("snapshot") && slot?["version"] == .n("3"), "\(String(describing: slot))")
        #expect(slot?["state"] != nil)
    }
}
