import Foundation
import LambdaEvents
import LocalEnvironment
import LoopbackHTTP
import Testing
import TestSupport

/// The front with EchoFunction behind two routes: EchoFunction answers with the event it got, and a response
/// without `statusCode` is API Gateway's 200 with that JSON as the body, so each answer shows the event.
struct EchoFront {
    let console = ConsoleCapture()
    let host: FunctionHost
    let front: HTTPFront

    init() throws {
        host = try echoHost(console)
        let routes = RouteTable([
            .init(method: "POST", path: "/things/{id}/do", function: "EchoFunction"),
            .init(method: "GET", path: "/things/{id}", function: "EchoFunction"),
            .init(method: "GET", path: "/lost", function: "NotRunning"),
        ])
        front = try HTTPFront(port: 0, routes: routes, functions: ["EchoFunction": host], log: console.log)
    }

    func stop() {
        front.stop()
        host.stop()
    }

    /// The event the function received for `response`.
    static func event(_ response: HTTPMessage?) throws -> APIGatewayV2Request {
        try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(try #require(response).body))
    }
}

@Suite("The HTTP front: requests in, HTTP API 2.0 events to the function, its answers out, as API Gateway does")
struct HTTPFrontTests {
    @Test("a routed request becomes the event API Gateway would send")
    func event() async throws {
        let setup = try EchoFront()
        defer { setup.stop() }
        let client = try LoopbackClient(port: setup.front.port)
        let response = try await client.request(
            "POST", "/things/a%20b/do?x=1&x=2&y=%C3%A9", headers: ["X-Owner": "ann", "Cookie": "c1=v1; c2=v2", "Accept": "text/plain", "accept": "application/json"],
            body: #"{"amount": 5}"#)
        #expect(response?.status == 200 && response?.headers["Content-Type"] == "application/json")
        #expect(response?.headers["apigw-requestid"] != nil)
        let event = try EchoFront.event(response)
        #expect(event.version == "2.0" && event.routeKey == "POST /things/{id}/do" && event.rawPath == "/things/a%20b/do")
        #expect(event.rawQueryString == "x=1&x=2&y=%C3%A9" && event.queryStringParameters == ["x": "1,2", "y": "é"])
        #expect(event.pathParameters == ["id": "a b"])
        #expect(event.header("x-owner") == "ann" && event.headers?["accept"] == "text/plain,application/json")
        #expect(event.cookies == ["c1=v1", "c2=v2"] && event.headers?["cookie"] == nil)
        #expect(event.body == #"{"amount": 5}"# && !event.isBase64Encoded)
        #expect(event.requestContext.http.method == "POST" && event.requestContext.requestId == response?.headers["apigw-requestid"])
        #expect(event.requestContext.routeKey == "POST /things/{id}/do" && event.requestContext.stage == "$default")
    }

    @Test("a body that is not UTF-8 arrives base64-encoded")
    func binaryBody() async throws {
        let setup = try EchoFront()
        defer { setup.stop() }
        let client = try LoopbackClient(port: setup.front.port)
        let bytes: [UInt8] = [0xff, 0x00, 0xfe]
        let response = try await client.exchange(HTTPWriter.request(method: "POST", target: "/things/1/do", host: "h", body: bytes))
        let event = try EchoFront.event(response)
        #expect(event.isBase64Encoded && event.bodyBytes == bytes)
    }

    @Test("no route is API Gateway's 404, whatever the method or path; a missing function is a 500")
    func notFound() async throws {
        let setup = try EchoFront()
        defer { setup.stop() }
        let client = try LoopbackClient(port: setup.front.port)
        for (method, target) in [("GET", "/"), ("DELETE", "/things/1"), ("GET", "/things/1/do"), ("GET", "/things/1/extra"), ("GET", "/things/")] {
            let response = try await client.request(method, target)
            #expect(response?.status == 404 && response?.text == #"{"message":"Not Found"}"#, "\(method) \(target)")
        }
        let lost = try await client.request("GET", "/lost")
        #expect(lost?.status == 500 && lost?.text == #"{"message":"Internal Server Error"}"#)
        #expect(setup.console.lines.contains { $0.contains("GET /lost → 500") && $0.contains("NotRunning is not running") })
    }

    @Test("many requests on one keep-alive connection, and on several connections at once")
    func keepAlive() async throws {
        let setup = try EchoFront()
        defer { setup.stop() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in 0..<4 {
                group.addTask {
                    let client = try LoopbackClient(port: setup.front.port)
                    for request in 0..<10 {
                        let event = try EchoFront.event(try await client.request("GET", "/things/\(connection)-\(request)"))
                        #expect(event.pathParameters?["id"] == "\(connection)-\(request)")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("a body over 10 MB is 413 and the connection closes; a request that is not HTTP is 400")
    func badRequests() async throws {
        let setup = try EchoFront()
        defer { setup.stop() }
        let large = try LoopbackClient(port: setup.front.port)
        let tooLarge = try await large.exchange(Array("POST /things/1/do HTTP/1.1\r\nHost: h\r\nContent-Length: \(HTTPFront.maxBodyBytes + 1)\r\n\r\n".utf8))
        #expect(tooLarge?.status == 413 && tooLarge?.text == #"{"message":"Request Entity Too Large"}"# && tooLarge?.wantsClose == true)
        let garbage = try LoopbackClient(port: setup.front.port)
        let bad = try await garbage.exchange(Array("NONSENSE\r\n\r\n".utf8))
        #expect(bad?.status == 400 && bad?.text == #"{"message":"Bad Request"}"#)
        #expect(try await garbage.exchange([]) == nil)  // closed
        // The front goes on serving.
        let client = try LoopbackClient(port: setup.front.port)
        #expect(try await client.request("GET", "/things/ok")?.status == 200)
    }

    @Test("a function that fails is API Gateway's 500; the reason is in the log, not in the answer")
    func functionError() async throws {
        let setup = try EchoFront()
        defer { setup.stop() }
        setup.host.runtimeAPI.failNextRequest(status: 500)  // the runtime's next call fails: it exits, as Lambda's would
        let client = try LoopbackClient(port: setup.front.port)
        let response = try await client.request("GET", "/things/1")
        #expect(response?.status == 500 && response?.text == #"{"message":"Internal Server Error"}"#)
        #expect(setup.console.lines.contains { $0.contains("GET /things/1 → 500") && $0.contains("Runtime.ExitError") })
    }

    @Test("the port in use is a clear error")
    func portInUse() throws {
        let setup = try EchoFront()
        defer { setup.stop() }
        let error = #expect(throws: LocalEnvironmentError.self) {
            try HTTPFront(port: setup.front.port, routes: RouteTable([]), functions: [:], log: setup.console.log)
        }
        #expect(error?.description.contains("choose another port with --port N") == true)
    }
}
