@testable import EventSourcingLambda
import Foundation
import Testing

private func request(_ method: String = "POST", _ path: String = "/accounts/a/deposit", body: String = "", headers: [String: String] = [:], query: [String: String] = [:]) -> HTTPRequest {
    HTTPRequest(method: method, path: path, headers: headers, query: query, body: Array(body.utf8))
}

private func expectError(_ status: Int, _ code: String, _ body: () throws(APIError) -> Void) {
    do {
        try body()
        Issue.record("expected \(status) \(code)")
    } catch {
        #expect(error.status == status && error.code == code, "\(error)")
    }
}

@Suite("The HTTP layer: requests, routing, validation, errors")
struct HTTPLayerTests {
    private func read(_ text: String) throws -> (format: HTTPRequest.Format, request: Result<HTTPRequest, APIError>) {
        try APIGatewayEvent.request(from: Array(text.utf8))
    }

    @Test("HTTP API 2.0 and REST 1.0 events become the same request, answered in their own format")
    func formats() throws {
        let v2 = try read(#"{"version":"2.0","routeKey":"$default","rawPath":"/accounts/a/deposit","rawQueryString":"","headers":{"idempotency-key":"k"},"queryStringParameters":{"limit":"2"},"requestContext":{"accountId":"1","apiId":"x","domainName":"d","requestId":"r2","stage":"$default","time":"t","timeEpoch":1,"http":{"method":"POST","path":"/accounts/a/deposit","protocol":"HTTP/1.1","sourceIp":"1.2.3.4","userAgent":"u"},"authorizer":{"jwt":{"claims":{"sub":"ann","n":5},"scopes":[]}}},"body":"eyJhbW91bnQiOjV9","isBase64Encoded":true}"#)
        let fromV2 = try v2.request.get()
        #expect(v2.format == .httpAPI && fromV2.method == "POST" && fromV2.path == "/accounts/a/deposit" && fromV2.body == Array(#"{"amount":5}"#.utf8))
        #expect(fromV2.header("Idempotency-Key") == "k" && fromV2.claims == ["sub": "ann", "n": "5"] && fromV2.requestID == "r2" && fromV2.query == ["limit": "2"])
        let v1 = try read(#"{"resource":"/x","path":"/accounts/a/deposit","httpMethod":"POST","headers":{"Idempotency-Key":"k"},"multiValueHeaders":{"Accept":["a","b"]},"queryStringParameters":null,"multiValueQueryStringParameters":null,"pathParameters":null,"stageVariables":null,"requestContext":{"requestId":"r1","authorizer":{"claims":{"sub":"ann"}}},"body":"{\"amount\":5}","isBase64Encoded":false}"#)
        let fromV1 = try v1.request.get()
        #expect(v1.format == .restAPI && fromV1.header("idempotency-key") == "k" && fromV1.header("accept") == "a,b" && fromV1.claims["sub"] == "ann")
        #expect(fromV1.body == fromV2.body)
        let response = HTTPResponse.json(201, Array("{}".utf8), headers: ["ETag": "\"1\""])
        let answer = try JSONDecoder().decode(APIGatewayV2Response.self, from: Data(response.eventBytes(.httpAPI)))
        #expect(answer == APIGatewayV2Response(statusCode: 201, headers: ["Content-Type": "application/json", "ETag": "\"1\""], body: Array("{}".utf8)))
        let binary = try JSONDecoder().decode(APIGatewayResponse.self, from: Data(HTTPResponse(status: 200, body: [0xFF, 0]).eventBytes(.restAPI)))
        #expect(binary.isBase64Encoded && binary.body == "/wA=")
    }

    @Test("the fixtures of every event kind read as their Codable shapes do", arguments: ["apigateway-v2-jwt", "apigateway-v2-iam", "apigateway-v2-no-authorizer", "apigateway-v1-nulls"])
    func fixtures(name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name).json")
        let bytes = Array(try Data(contentsOf: url))
        let read = try APIGatewayEvent.request(from: bytes).request.get()
        if name.contains("v2") {
            let event = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(bytes))
            #expect(read.method == event.method && read.path == event.rawPath && read.headers == (event.headers ?? [:]))
            #expect(read.query == (event.queryStringParameters ?? [:]) && read.requestID == event.requestContext.requestId)
            #expect(read.claims == (event.requestContext.authorizer?.jwt?.claims ?? [:]) && read.body == (event.bodyBytes ?? []))
        } else {
            let event = try JSONDecoder().decode(APIGatewayRequest.self, from: Data(bytes))
            #expect(read.method == event.httpMethod && read.path == event.path && read.claims == (event.authorizerClaims ?? [:]))
            #expect(read.body == (event.bodyBytes ?? []) && read.requestID == (event.requestContext.requestId ?? ""))
        }
    }

    @Test("what is not an API Gateway event is refused with the reason; a bad base64 body is invalid_request", arguments: [
        "[1]", "{", #"{"version":"2.0"}"#, #"{"version":"2.0","requestContext":{"http":"GET"}}"#, #"{"hello":"world"}"#,
        #"{"httpMethod":"GET","path":"/","headers":[1]}"#,
        // Malformed JSON in members the request is not made of is refused too: they are skipped, not unread.
        #"{"version":"2.0","rawPath":"/","requestContext":{"requestId":"r","http":{"method":"GET"}},"stageVariables":{"a":01}}"#,
        #"{"version":"2.0","rawPath":"/","requestContext":{"requestId":"r","http":{"method":"GET"},"identity":"\x"}}"#,
        #"{"version":"2.0","rawPath":"/","rawPath":"/b","requestContext":{"requestId":"r","http":{"method":"GET"}}}"#,
    ])
    func notEvents(text: String) {
        #expect(throws: APIGatewayEvent.NotAnEvent.self) { try read(text) }
    }

    @Test("a body flagged base64 that is not base64 is invalid_request")
    func badBase64() throws {
        let event = try read(#"{"version":"2.0","rawPath":"/","requestContext":{"requestId":"r","http":{"method":"POST"}},"body":"!!!","isBase64Encoded":true}"#)
        guard case .failure(let error) = event.request else { Issue.record("accepted bad base64"); return }
        #expect(error.status == 400 && error.code == "invalid_request")
    }

    @Test("the router matches patterns, hands over parameters, and answers 404 and 405")
    func routing() async throws {
        var router = Router<Void>()
        router.on("POST", "/accounts/{id}/deposit") { _, parameters, _ throws(APIError) in HTTPResponse(status: 200, body: Array(parameters["id"]!.utf8)) }
        router.on("GET", "/accounts/{id}") { _, _, _ throws(APIError) in HTTPResponse(status: 200) }
        #expect(try await router.respond(to: request(), context: ()).body == Array("a".utf8))
        #expect(try await router.respond(to: request("POST", "/accounts/a%2Db/deposit"), context: ()).body == Array("a-b".utf8))
        do {
            _ = try await router.respond(to: request("DELETE", "/accounts/a"), context: ())
            Issue.record("routed DELETE")
        } catch {
            #expect(error.status == 405 && error.code == "method_not_allowed" && error.headers["Allow"] == "GET")
        }
        do {
            _ = try await router.respond(to: request("GET", "/nowhere"), context: ())
            Issue.record("routed /nowhere")
        } catch {
            #expect(error.status == 404 && error.code == "not_found")
        }
    }

    @Test("a path parameter is percent-decoded; a bad escape or bytes that are not UTF-8 leave it as sent", arguments: [
        ("a%2Db", "a-b"), ("caf%C3%A9", "café"), ("%E2%9C%93%e2%9c%93", "✓✓"), ("a+b", "a+b"), ("100%", "100%"),
        ("%zz", "%zz"), ("%4", "%4"), ("%C3", "%C3"), ("%FF%FE", "%FF%FE"), ("%00", "\u{0}"),
    ])
    func percentDecoding(sent: String, parameter: String) async throws {
        var router = Router<Void>()
        router.on("GET", "/things/{id}") { _, parameters, _ throws(APIError) in HTTPResponse(status: 200, body: Array(parameters["id"]!.utf8)) }
        #expect(try await router.respond(to: request("GET", "/things/\(sent)"), context: ()).body == Array(parameter.utf8))
    }

    @Test("the caller comes from the JWT's sub, or X-Owner in AUTH_MODE=none; otherwise unauthenticated")
    func callers() throws {
        let withClaims = HTTPRequest(method: "GET", path: "/", headers: ["X-Owner": "mallory"], claims: ["sub": "ann"])
        #expect(try AuthMode.jwt.caller(of: withClaims) == "ann")
        #expect(try AuthMode.none.caller(of: withClaims) == "mallory")
        expectError(401, "unauthenticated") { () throws(APIError) in _ = try AuthMode.jwt.caller(of: request(headers: ["X-Owner": "ann"])) }
        expectError(401, "unauthenticated") { () throws(APIError) in _ = try AuthMode.none.caller(of: request()) }
    }

    private struct Order: Codable, Equatable, Sendable {
        struct Line: Codable, Equatable, Sendable { var sku: String; var quantity: Int64 }
        var lines: [Line]
        var note: String?
    }

    @Test("bodies decode into the route's type; unknown, missing or mistyped fields are invalid_request, naming the field")
    func typedBodies() throws {
        let order = try RequestRules.body(Order.self, of: request(body: #"{"lines": [{"sku": "a", "quantity": 2.0}]}"#))
        #expect(order == Order(lines: [.init(sku: "a", quantity: 2)], note: nil))
        for (body, field) in [
            (#"{"lines": [{"sku": "a", "quantity": 2, "qty": 1}]}"#, "lines.0.qty"), (#"{"lines": [{"sku": "a"}]}"#, "lines.0.quantity"),
            (#"{"lines": [{"sku": "a", "quantity": 1.5}]}"#, "lines.0.quantity"), (#"{"lines": "many"}"#, "lines"),
        ] {
            do {
                _ = try RequestRules.body(Order.self, of: request(body: body))
                Issue.record("accepted \(body)")
            } catch {
                #expect(error.status == 400 && error.code == "invalid_request" && error.message.contains(field), "\(body): \(error.message)")
            }
        }
        #expect(try RequestRules.body(NoBody.self, of: request(body: "")) == NoBody())
        expectError(400, "invalid_request") { () throws(APIError) in _ = try RequestRules.body(NoBody.self, of: request(body: #"{"x": 1}"#)) }
    }

    @Test("bodies: not JSON or a duplicate key is invalid_json, not an object is invalid_request, over 64 KiB is 413")
    func bodies() {
        expectError(400, "invalid_json") { () throws(APIError) in _ = try RequestRules.body(NoBody.self, of: request(body: "{nope")) }
        expectError(400, "invalid_json") { () throws(APIError) in _ = try RequestRules.body(Order.self, of: request(body: #"{"lines": [], "lines": []}"#)) }
        expectError(400, "invalid_request") { () throws(APIError) in _ = try RequestRules.body(NoBody.self, of: request(body: "[1]")) }
        let big = #"{"note": ""# + String(repeating: "a", count: 65_536) + #""}"#
        expectError(413, "payload_too_large") { () throws(APIError) in _ = try RequestRules.body(Order.self, of: request(body: big)) }
    }

    @Test("Idempotency-Key, If-Match and query integers are checked")
    func headersAndQueries() throws {
        #expect(try RequestRules.idempotencyKey(request(headers: ["Idempotency-Key": "abc-123"])) == "abc-123")
        #expect(try RequestRules.idempotencyKey(request()) == nil)
        expectError(400, "invalid_request") { () throws(APIError) in _ = try RequestRules.idempotencyKey(request(headers: ["Idempotency-Key": "has space"])) }
        expectError(400, "invalid_request") { () throws(APIError) in _ = try RequestRules.idempotencyKey(request(headers: ["Idempotency-Key": String(repeating: "k", count: 129)])) }
        #expect(try RequestRules.expectedVersion(request(headers: ["If-Match": " \"3\" "])) == 3)
        #expect(try RequestRules.expectedVersion(request()) == nil)
        for bad in ["3", "\"x\"", "\"-1\"", "W/\"3\"", "\""] {
            expectError(400, "invalid_request") { () throws(APIError) in _ = try RequestRules.expectedVersion(request(headers: ["If-Match": bad])) }
        }
        #expect(try RequestRules.integerQuery(request(query: ["after": "5"]), "after") == 5)
        for bad in ["-1", "+1", "1.0", "", "x"] {
            expectError(400, "invalid_request") { () throws(APIError) in _ = try RequestRules.integerQuery(request(query: ["limit": bad]), "limit") }
        }
        expectError(400, "invalid_request") { () throws(APIError) in _ = try RequestRules.integerQuery(request(query: ["limit": "0"]), "limit", minimum: 1) }
    }

    @Test("error bodies are {\"error\": {code, message}} with any extra headers, and nothing else")
    func errorBodies() throws {
        let response = HTTPResponse(APIError.unavailable(retryAfter: 2))
        #expect(response.status == 503 && response.headers["Retry-After"] == "2" && response.headers["Content-Type"] == "application/json")
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as! [String: [String: String]]
        #expect(object == ["error": ["code": "unavailable", "message": "the service is busy; retry shortly"]])
        let quoted = APIError.invalidRequest("unknown field \"a\\b\"\n")
        #expect((try JSONSerialization.jsonObject(with: Data(quoted.body)) as? [String: [String: String]])?["error"]?["message"] == "unknown field \"a\\b\"\n")
    }
}
