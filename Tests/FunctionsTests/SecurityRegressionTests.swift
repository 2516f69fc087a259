import EventSourcingDynamoDBClient
import EventSourcingLambda
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

/// The defects a black-box security test found (issue 10, items 1–7), each replayed through the built
/// `CommandFunction` under a local Runtime API, on moto.
@Suite("Security and HTTP-contract regressions, end to end", .enabled(if: Moto.endpoint != nil && Moto.templateSettings != nil, Moto.skipReason))
struct SecurityRegressionTests {
    private func code(_ response: APIGatewayV2Response) -> String? {
        (object(response)["error"] as? [String: String])?["code"]
    }

    private func eventTypes(_ api: RuntimeAPIServer, _ id: String, sub: String = "ann") async throws -> [String] {
        let page = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/\(id)/events", sub: sub)))
        return (object(page)["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String } ?? []
    }

    @Test("1. an idempotency key never crosses owners: (ann#x, y) is not (ann, x#y), in either direction")
    func keysDoNotCrossOwners() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        func send(_ path: String, sub: String, key: String? = nil, body: String) async throws -> APIGatewayV2Response {
            try response(await api.invoke(Deployment.httpAPI("POST", path, sub: sub, body: body, headers: key.map { ["Idempotency-Key": $0] } ?? [:])))
        }
        _ = try await send("/accounts/im1/open", sub: "ann", body: "{}")
        let ann = try await send("/accounts/im1/deposit", sub: "ann", key: "x#y", body: #"{"amount":7}"#)
        #expect(ann.statusCode == 200)
        let intruder = try await send("/accounts/im1/deposit", sub: "ann#x", key: "y", body: #"{"amount":7}"#)
        #expect(intruder.statusCode == 404 && code(intruder) == "not_found" && intruder.headers?["Idempotent-Replayed"] == nil, "\(intruder)")

        _ = try await send("/accounts/im2/open", sub: "ann#q", body: "{}")
        _ = try await send("/accounts/im2/deposit", sub: "ann#q", key: "z", body: #"{"amount":1}"#)
        let own = try await send("/accounts/im1/deposit", sub: "ann", key: "q#z", body: #"{"amount":1}"#)
        #expect(own.statusCode == 200 && own.headers?["Idempotent-Replayed"] == nil, "\(own)")
        #expect(try await eventTypes(api, "im1") == ["Opened", "Deposited", "Deposited"])
    }

    @Test("2. If-Match never gets past ownership: a foreign or missing account is 404 without an ETag")
    func ifMatchAfterOwnership() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/own/open", body: "{}")))
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/own/deposit", body: #"{"amount":5}"#)))
        for (path, body) in [("/accounts/own/deposit", #"{"amount":1}"#), ("/accounts/own/withdraw", #"{"amount":1}"#), ("/accounts/own/close", "{}"), ("/accounts/nobody/deposit", #"{"amount":1}"#)] {
            for version in ["\"1\"", "\"2\"", "\"0\""] {
                let answer = try response(await api.invoke(Deployment.httpAPI("POST", path, sub: "bob", body: body, headers: ["If-Match": version])))
                #expect(answer.statusCode == 404 && code(answer) == "not_found" && answer.headers?["ETag"] == nil, "\(path) If-Match \(version): \(answer)")
            }
        }
        // Opening a taken id says only that it is taken: no version.
        let taken = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/own/open", sub: "bob", body: "{}", headers: ["If-Match": "\"0\""])))
        #expect(taken.statusCode == 409 && code(taken) == "already_exists" && taken.headers?["ETag"] == nil, "\(taken)")
        // The owner still gets the 412 and the version.
        let mine = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/own/deposit", body: #"{"amount":1}"#, headers: ["If-Match": "\"1\""])))
        #expect(mine.statusCode == 412 && mine.headers?["ETag"] == "\"2\"")
    }

    @Test("3. amounts are read exactly: nothing rounded, a duplicate key is invalid_json, 100.0 is 100")
    func exactAmounts() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/ex/open", body: "{}")))
        for (body, expected) in [
            (#"{"amount": 1.0000000000000001}"#, "invalid_request"), (#"{"amount": 2.00000000000000001}"#, "invalid_request"),
            (#"{"amount": 999999999999.99999}"#, "invalid_request"), (#"{"amount": 1e400}"#, "invalid_request"),
            (#"{"amount":1,"amount":7}"#, "invalid_json"), (#"{"amount": 1} x"#, "invalid_json"),
        ] {
            let answer = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/ex/deposit", body: body)))
            #expect(answer.statusCode == 400 && code(answer) == expected, "\(body): \(answer)")
        }
        #expect(try await eventTypes(api, "ex") == ["Opened"])
        let whole = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/ex/deposit", body: #"{"amount": 100.0}"#)))
        #expect(whole.statusCode == 200)
        let page = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/ex/events", query: "after=1")))
        #expect(((object(page)["events"] as? [[String: Any]])?.first?["data"] as? [String: Any])?["amount"] as? Int == 100)
    }

    @Test("4. a decided command is the first answer under its key: a 422 and a 412 come back replayed, appending nothing")
    func rejectionsAreKept() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/rk/open", body: "{}")))
        let withdraw = Deployment.httpAPI("POST", "/accounts/rk/withdraw", body: #"{"amount": 50}"#, headers: ["Idempotency-Key": "w-fail"])
        let first = try response(await api.invoke(withdraw))
        #expect(first.statusCode == 422 && code(first) == "insufficient_funds" && first.headers?["Idempotent-Replayed"] == nil)
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/rk/deposit", body: #"{"amount": 100}"#)))
        let retry = try response(await api.invoke(withdraw))
        #expect(retry.statusCode == 422 && retry.body == first.body && retry.headers?["Idempotent-Replayed"] == "true", "\(retry)")

        let stale = Deployment.httpAPI("POST", "/accounts/rk/deposit", body: #"{"amount": 1}"#, headers: ["Idempotency-Key": "stale", "If-Match": "\"1\""])
        let mismatch = try response(await api.invoke(stale))
        #expect(mismatch.statusCode == 412 && mismatch.headers?["ETag"] == "\"2\"")
        let again = try response(await api.invoke(stale))
        #expect(again.statusCode == 412 && again.headers?["Idempotent-Replayed"] == "true" && again.body == mismatch.body)
        #expect(try await eventTypes(api, "rk") == ["Opened", "Deposited"])

        // An answer given before deciding (404 here) is not kept: once the account exists, the same key runs anew.
        let early = Deployment.httpAPI("POST", "/accounts/later/deposit", body: #"{"amount": 3}"#, headers: ["Idempotency-Key": "early"])
        #expect(try response(await api.invoke(early)).statusCode == 404)
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/later/open", body: "{}")))
        let ran = try response(await api.invoke(early))
        #expect(ran.statusCode == 200 && ran.headers?["Idempotent-Replayed"] == nil)
    }

    @Test("5. a 5xx is logged with its cause (the corrupt event, the store error) and never a secret; the body stays generic")
    func causesAreLogged() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        try await deployment.client.putItem(PutItemInput(tableName: deployment.eventsTable, item: ["pk": .s("account#broken"), "sk": .n("1"), "kind": .s("event")]))
        let broken = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/broken/deposit", body: #"{"amount": 1}"#)))
        #expect(broken.statusCode == 500 && broken.body == #"{"error":{"code":"internal","message":"an internal error occurred"}}"#)
        try await deployment.client.putItem(PutItemInput(tableName: deployment.eventsTable, item: [
            "pk": .s("account#odd"), "sk": .n("1"), "kind": .s("event"), "type": .s("Unheard"), "schemaVersion": .n("1"),
            "data": .m([:]), "eventId": .s("e"), "timestamp": .n("1"),
        ]))
        let odd = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/odd/deposit", body: #"{"amount": 1}"#)))
        #expect(odd.statusCode == 500)
        function.terminate()
        let lines = function.stderr.split(separator: "\n").filter { $0.contains(#""status":"500""#) }
        #expect(lines.count == 2)
        #expect(lines.first?.contains("account#broken/1") == true, "\(lines)")
        #expect(lines.last?.contains("event 1 of stream account#odd") == true && lines.last?.contains("Unheard") == true, "\(lines)")

        let (downAPI, down) = try deployment.startCommandFunction(["AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9"])
        let unavailable = try response(await downAPI.invoke(Deployment.httpAPI("POST", "/accounts/a/deposit", body: #"{"amount": 1}"#)))
        #expect(unavailable.statusCode == 503 && unavailable.body?.contains("127.0.0.1") == false)
        down.terminate()
        let downLine = down.stderr.split(separator: "\n").first { $0.contains(#""status":"503""#) }
        #expect(downLine?.contains("cause") == true && downLine?.contains("could not reach DynamoDB") == true, "\(down.stderr)")
        #expect(!down.stderr.contains(Deployment.secret) && !function.stderr.contains(Deployment.secret))
    }

    @Test("a request refused before routing (a body flagged base64 that is not) is 400 invalid_request, and logged like any other")
    func refusedBeforeRoutingIsLogged() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        let event = String(decoding: Deployment.httpAPI("POST", "/accounts/a/deposit", body: "not base64!"), as: UTF8.self)
            .replacingOccurrences(of: #""isBase64Encoded":false"#, with: #""isBase64Encoded":true"#)
        let answer = try response(await api.invoke(Array(event.utf8)))
        #expect(answer.statusCode == 400 && answer.body?.contains("invalid_request") == true, "\(answer)")
        function.terminate()
        let line = function.stderr.split(separator: "\n").first { $0.contains("refused before routing") }
        #expect(line?.contains(#""status":"400""#) == true && line?.contains(#""code":"invalid_request""#) == true, "\(function.stderr)")
    }

    @Test("6. limit=0, a negative or non-integer limit, after or minVersion is invalid_request")
    func queryParameters() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/q/open", body: "{}")))
        for (path, query) in [("/accounts/q/events", "limit=0"), ("/accounts/q/events", "limit=-1"), ("/accounts/q/events", "limit=2.5"),
                              ("/accounts/q/events", "after=x"), ("/accounts/q/events", "after=+1"), ("/accounts/q", "minVersion=-3")] {
            let answer = try response(await api.invoke(Deployment.httpAPI("GET", path, query: query)))
            #expect(answer.statusCode == 400 && code(answer) == "invalid_request", "\(path)?\(query): \(answer)")
        }
        let capped = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/q/events", query: "limit=5000")))
        #expect(capped.statusCode == 200)
    }

    @Test("7. a method the function does not route is 405 with Allow when the function is reached directly")
    func methodNotAllowed() async throws {
        let deployment = try await Deployment()
        let (api, function) = try deployment.startCommandFunction()
        defer { function.terminate() }
        let answer = try response(await api.invoke(Deployment.httpAPI("DELETE", "/accounts/a")))
        #expect(answer.statusCode == 405 && code(answer) == "method_not_allowed" && answer.headers?["Allow"] == "GET")
    }
}
