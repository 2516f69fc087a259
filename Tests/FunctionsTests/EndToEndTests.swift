import EventSourcingDynamoDBClient
import EventSourcingLambda
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

/// The deployed shape, on loopback: both tables on moto, each function a child process under its own Runtime API.
struct Deployment {
    let client = Moto.client()
    let eventsTable: String
    let projectionsTable: String
    static let secret = "e2e-secret-\(UUID().uuidString)"

    /// Both tables, created from template.yaml's definitions.
    init() async throws {
        eventsTable = try await Moto.createTable(client, fromTemplate: "EventsTable")
        projectionsTable = try await Moto.createTable(client, fromTemplate: "ProjectionsTable")
    }

    func environment(_ server: RuntimeAPIServer, _ extra: [String: String] = [:]) -> [String: String] {
        [
            "AWS_LAMBDA_RUNTIME_API": server.endpoint, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIAE2ETEST",
            "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_ENDPOINT_URL_DYNAMODB": client.configuration.endpoint.absoluteString,
            "EVENTS_TABLE": eventsTable, "PROJECTIONS_TABLE": projectionsTable, "SNAPSHOT_INTERVAL": "3",
            "AWS_LAMBDA_LOG_FORMAT": "JSON",
        ].merging(extra) { $1 }
    }

    /// An HTTP API 2.0 event, as API Gateway sends it after the JWT authorizer.
    static func httpAPI(_ method: String, _ path: String, sub: String = "ann", body: String? = nil, headers: [String: String] = [:], query: String = "") -> [UInt8] {
        let claims = #"{"sub":"\#(sub)","iss":"https://issuer.example"}"#
        let headerJSON = headers.map { #""\#($0.key.lowercased())":"\#($0.value.replacingOccurrences(of: "\"", with: "\\\""))""# }.joined(separator: ",")
        let parameters = query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1) }.map { #""\#($0[0])":"\#($0.count > 1 ? $0[1] : "")""# }.joined(separator: ",")
        let bodyJSON = body.map { #","body":"\#($0.replacingOccurrences(of: "\"", with: "\\\""))","isBase64Encoded":false"# } ?? #","isBase64Encoded":false"#
        return Array(#"{"version":"2.0","routeKey":"\#(method) \#(path)","rawPath":"\#(path)","rawQueryString":"\#(query)","headers":{\#(headerJSON)}\#(query.isEmpty ? "" : #","queryStringParameters":{\#(parameters)}"#),"requestContext":{"accountId":"123456789012","apiId":"api","domainName":"api.example","requestId":"\#(UUID().uuidString)","stage":"$default","time":"27/Nov/2026:10:00:00 +0000","timeEpoch":1795769297000,"http":{"method":"\#(method)","path":"\#(path)","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"e2e"},"authorizer":{"jwt":{"claims":\#(claims),"scopes":[]}}}\#(bodyJSON)}"#.utf8)
    }

    /// Starts `CommandFunction` under a Runtime API of its own.
    func startCommandFunction(_ extra: [String: String] = [:]) throws -> (RuntimeAPIServer, ChildFunction) {
        let server = try RuntimeAPIServer(.init(functionName: "CommandFunction"))
        return (server, try ChildFunction(product: "CommandFunction", environment: environment(server, extra)))
    }

    /// The stream's records so far, every shard read from its start.
    func streamRecords() async throws -> [StreamRecord] {
        try await Moto.streamRecords(client, table: eventsTable)
    }

    /// The stream's records so far, as Lambda would deliver them.
    func streamEvent() async throws -> [UInt8] {
        Array(try JSONEncoder().encode(DynamoDBStreamEvent(records: try await streamRecords())))
    }
}

func response(_ result: InvocationResult) throws -> APIGatewayV2Response {
    try JSONDecoder().decode(APIGatewayV2Response.self, from: Data(try #require(result.responseBody, "\(result)")))
}

func object(_ response: APIGatewayV2Response) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data((response.body ?? "").utf8)) as? [String: Any]) ?? [:]
}

@Suite("The functions end to end: built bootstraps under a local Runtime API, DynamoDB on moto", .enabled(if: Moto.endpoint != nil && Moto.templateSettings != nil, Moto.skipReason))
struct EndToEndTests {
    @Test("commands through CommandFunction, the stream through StreamProjector, the read model back through CommandFunction")
    func scenario() async throws {
        try await Self.scenario(start: ChildFunction.init(product:environment:))
    }

    /// The scenario, each function started by `start(name, environment)`: here the built products; in
    /// `PackagedFunctionsTests` the bootstraps zipped in `dist/`.
    static func scenario(start: (String, [String: String]) throws -> ChildFunction) async throws {
        let deployment = try await Deployment()
        let api = try RuntimeAPIServer(.init(functionName: "CommandFunction"))
        let command = try start("CommandFunction", deployment.environment(api))
        defer { command.terminate() }

        let opened = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-1/open", body: "{}")))
        #expect(opened.statusCode == 201 && opened.headers?["ETag"] == "\"1\"")
        let deposited = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-1/deposit", body: #"{"amount": 100}"#, headers: ["Idempotency-Key": "d-1"])))
        #expect(deposited.statusCode == 200 && object(deposited)["version"] as? Int == 2)
        let replay = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-1/deposit", body: #"{"amount": 100}"#, headers: ["Idempotency-Key": "d-1"])))
        #expect(replay.headers?["Idempotent-Replayed"] == "true" && replay.body == deposited.body)
        let withdrawn = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-1/withdraw", body: #"{"amount": 30}"#)))
        #expect(withdrawn.statusCode == 200 && withdrawn.headers?["ETag"] == "\"3\"")
        let overdrawn = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-1/withdraw", body: #"{"amount": 1000}"#)))
        #expect(overdrawn.statusCode == 422 && (object(overdrawn)["error"] as? [String: String])?["code"] == "insufficient_funds")
        let foreign = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/acc-1/events", sub: "bob")))
        #expect(foreign.statusCode == 404)

        let projectorAPI = try RuntimeAPIServer(.init(functionName: "StreamProjector"))
        let projector = try start("StreamProjector", deployment.environment(projectorAPI))
        defer { projector.terminate() }
        let batch = try await deployment.streamEvent()
        for _ in 1...2 {  // the same batch twice: the second time is a no-op
            let result = await projectorAPI.invoke(batch)
            let answer = try JSONDecoder().decode(DynamoDBBatchResponse.self, from: Data(try #require(result.responseBody, "\(result)")))
            #expect(answer.batchItemFailures.isEmpty)
        }

        let summary = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/acc-1", query: "minVersion=3")))
        #expect(summary.statusCode == 200 && summary.headers?["X-Projection-Stale"] == nil)
        #expect(object(summary)["balance"] as? Int == 70 && object(summary)["version"] as? Int == 3)
        let list = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts")))
        #expect(object(list)["totalBalance"] as? Int == 70)

        command.terminate()
        projector.terminate()
        for output in [command.stderr, projector.stderr] {
            #expect(!output.contains(Deployment.secret))
        }
        #expect(command.stderr.contains("POST /accounts/acc-1/withdraw"))
    }

    @Test("two CommandFunction instances on one table: each folds in what the other appended, its cached state never stale")
    func twoInstances() async throws {
        let deployment = try await Deployment()
        let (apiA, a) = try deployment.startCommandFunction(["SNAPSHOT_INTERVAL": "0"])
        let (apiB, b) = try deployment.startCommandFunction(["SNAPSHOT_INTERVAL": "0"])
        defer { a.terminate(); b.terminate() }
        func run(_ api: RuntimeAPIServer, _ method: String, _ path: String, sub: String = "ann", body: String? = nil, headers: [String: String] = [:]) async throws -> APIGatewayV2Response {
            try response(await api.invoke(Deployment.httpAPI(method, path, sub: sub, body: body, headers: headers)))
        }
        #expect(try await run(apiA, "POST", "/accounts/acc-2/open", body: "{}").statusCode == 201)
        #expect(try await run(apiA, "POST", "/accounts/acc-2/deposit", body: #"{"amount": 100}"#).headers?["ETag"] == "\"2\"")
        #expect(try await run(apiB, "POST", "/accounts/acc-2/deposit", body: #"{"amount": 50}"#).headers?["ETag"] == "\"3\"")
        // A's cached state is at version 1 or 2: the withdrawal needs B's deposit folded in to pass.
        let withdrawn = try await run(apiA, "POST", "/accounts/acc-2/withdraw", body: #"{"amount": 150}"#)
        #expect(withdrawn.statusCode == 200 && withdrawn.headers?["ETag"] == "\"4\"")
        #expect(try await run(apiB, "POST", "/accounts/acc-2/withdraw", body: #"{"amount": 1}"#).statusCode == 422)
        #expect(try await run(apiB, "POST", "/accounts/acc-2/deposit", body: #"{"amount": 5}"#, headers: ["If-Match": "\"3\""]).statusCode == 412)
        #expect(try await run(apiB, "POST", "/accounts/acc-2/deposit", body: #"{"amount": 5}"#, headers: ["If-Match": "\"4\""]).statusCode == 200)
        #expect(try await run(apiA, "POST", "/accounts/acc-2/deposit", sub: "bob", body: #"{"amount": 5}"#).statusCode == 404)
        let balance = try await run(apiA, "POST", "/accounts/acc-2/withdraw", body: #"{"amount": 5}"#)
        #expect(balance.statusCode == 200 && balance.headers?["ETag"] == "\"6\"")
        let events = try await run(apiB, "GET", "/accounts/acc-2/events")
        #expect((object(events)["events"] as? [[String: Any]])?.count == 6)
    }

    @Test("without its tables configured, a function posts an init error and exits 1")
    func initError() async throws {
        let deployment = try await Deployment()
        let api = try RuntimeAPIServer()
        var environment = deployment.environment(api)
        environment["EVENTS_TABLE"] = nil
        let child = try ChildFunction(product: "CommandFunction", environment: environment)
        #expect(await child.waitForExit() == .exited(1))
        let recorded = try #require(api.initErrors.first)
        #expect(recorded.type == "Runtime.MissingConfiguration" && String(decoding: recorded.body, as: UTF8.self).contains("EVENTS_TABLE"))
        #expect(!child.stderr.contains(Deployment.secret))
    }
}
