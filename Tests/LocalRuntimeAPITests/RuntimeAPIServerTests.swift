import EventSourcingTestSupport
import Foundation
import LocalRuntimeAPI
import LoopbackHTTP
import Testing

/// A runtime's side of the conversation, request by request, on one keep-alive connection.
private struct RawClient {
    let client: LoopbackClient

    init(_ server: RuntimeAPIServer) throws {
        client = try LoopbackClient(port: server.port, host: server.endpoint)
    }

    func send(_ method: String, _ path: String, headers: HTTPHeaders = [:], body: String = "") async throws -> HTTPMessage {
        guard let message = try await client.request(method, path, headers: headers, body: body) else { throw HTTPParseError.truncated }
        return message
    }

    func next() async throws -> HTTPMessage {
        try await send("GET", "/2018-06-01/runtime/invocation/next")
    }

    func answer(_ id: String, _ kind: String = "response", body: String = "{}") async throws -> Int {
        try await send("POST", "/2018-06-01/runtime/invocation/\(id)/\(kind)", body: body).status
    }
}

extension InvocationResult {
    var isError: Bool {
        if case .error = self { return true }
        return false
    }
}

@Suite("The local Runtime API server")
struct RuntimeAPIServerTests {
    @Test("/next hands out the event with request id, deadline, ARN and trace headers")
    func nextCarriesHeaders() async throws {
        let server = try RuntimeAPIServer(.init(functionName: "orders"))
        defer { server.shutdown() }
        let result = Task { await server.invoke(Array(#"{"a":1}"#.utf8), timeout: .seconds(5)) }
        let client = try RawClient(server)
        let next = try await client.next()
        #expect(next.status == 200)
        #expect(next.body == Array(#"{"a":1}"#.utf8))
        let id = try #require(next.headers["lambda-runtime-aws-request-id"])
        let deadline = try #require(next.headers["Lambda-Runtime-Deadline-Ms"].flatMap { Int64($0) })
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(deadline > now + 4_000 && deadline <= now + 5_000)
        #expect(next.headers["Lambda-Runtime-Invoked-Function-Arn"]?.hasSuffix(":function:orders") == true)
        #expect(next.headers["Lambda-Runtime-Trace-Id"]?.hasPrefix("Root=1-") == true)
        #expect(try await client.answer(id, body: "done") == 202)
        #expect(await result.value == .response(Array("done".utf8)))
    }

    @Test("an answer for an id never issued is 400")
    func unknownID() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = try RawClient(server)
        #expect(try await client.answer("no-such-id") == 400)
        #expect(try await client.answer("no-such-id", "error") == 400)
    }

    @Test("a second answer, or an answer for an event not yet handed out, is 403")
    func outOfTurn() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let first = Task { await server.invoke(Array("1".utf8), timeout: .seconds(5)) }
        let client = try RawClient(server)
        let id = try #require(try await client.next().headers["Lambda-Runtime-Aws-Request-Id"])
        #expect(try await client.answer(id) == 202)
        #expect(try await client.answer(id) == 403)
        #expect(try await client.answer(id, "error") == 403)
        _ = await first.value

        // With two queued and one handed out, answering the other is out of turn.
        let second = Task { await server.invoke(Array("2".utf8), timeout: .seconds(5)) }
        let third = Task { await server.invoke(Array("3".utf8), timeout: .seconds(5)) }
        let handedOut = try #require(try await client.next().headers["Lambda-Runtime-Aws-Request-Id"])
        let queued = try #require(server.queuedRequestIDs.first)
        #expect(try await client.answer(queued) == 403)
        #expect(try await client.answer(handedOut, "error", body: #"{"errorType":"X"}"#) == 202)
        let last = try #require(try await client.next().headers["Lambda-Runtime-Aws-Request-Id"])
        #expect(last == queued)
        #expect(try await client.answer(last) == 202)
        let outcomes = [await second.value, await third.value]
        #expect(outcomes.contains(.response(Array("{}".utf8))))
        #expect(outcomes.contains { $0.isError })
    }

    @Test("a response over the limit is 413 and fails the invocation; a later answer is 403")
    func tooLarge() async throws {
        let server = try RuntimeAPIServer(.init(maxResponseBytes: 10))
        defer { server.shutdown() }
        let result = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5)) }
        let client = try RawClient(server)
        let id = try #require(try await client.next().headers["Lambda-Runtime-Aws-Request-Id"])
        #expect(try await client.answer(id, body: String(repeating: "y", count: 11)) == 413)
        #expect(try await client.answer(id, "error") == 403)
        #expect(await result.value == .responseTooLarge(size: 11))
    }

    @Test("init errors are recorded with their type and body")
    func initErrors() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = try RawClient(server)
        let status = try await client.send(
            "POST", "/2018-06-01/runtime/init/error",
            headers: ["Lambda-Runtime-Function-Error-Type": "Runtime.MissingConfiguration"],
            body: #"{"errorMessage":"x"}"#
        ).status
        #expect(status == 202)
        #expect(server.initErrors == [RecordedInitError(type: "Runtime.MissingConfiguration", body: Array(#"{"errorMessage":"x"}"#.utf8))])
    }

    @Test("a client that disconnects while waiting on /next does not lose the event queued after")
    func disconnectWhileWaiting() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let gone = try TCPSocket.connect(host: "127.0.0.1", port: server.port)
        try gone.send(HTTPWriter.request(method: "GET", target: "/2018-06-01/runtime/invocation/next", host: server.endpoint))
        #expect(await server.waitForFirstNext())
        gone.close()
        try await Task.sleep(for: .milliseconds(250))  // the server notices within its 100 ms poll
        let result = Task { await server.invoke(Array("kept".utf8), timeout: .seconds(5)) }
        let client = try RawClient(server)
        let next = try await client.next()
        #expect(next.body == Array("kept".utf8))
        let id = try #require(next.headers["Lambda-Runtime-Aws-Request-Id"])
        #expect(try await client.answer(id, body: "ok") == 202)
        #expect(await result.value == .response(Array("ok".utf8)))
    }

    @Test("an invocation nobody answers times out")
    func timesOut() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        #expect(await server.invoke(Array("{}".utf8), timeout: .milliseconds(100)) == .timedOut)
        #expect(server.invokeBlocking(Array("{}".utf8), timeout: .milliseconds(100)) == .timedOut)
    }

    @Test("an unknown route is 404, and requests on one connection are answered in order")
    func unknownRoute() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = try RawClient(server)
        #expect(try await client.send("GET", "/2018-06-01/runtime/invocation/elsewhere").status == 404)
        #expect(try await client.send("DELETE", "/2018-06-01/runtime/init/error").status == 404)
        #expect(try await client.answer("unknown") == 400)
        #expect(server.acceptedConnections == 1)
    }

    @Test("an error body stays valid JSON whatever the message quotes")
    func errorBodyEscaped() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = try RawClient(server)
        let answer = try await client.send("GET", #"/say/"hi"\there"#)
        let body = try JSONDecoder().decode([String: String].self, from: Data(answer.body))
        #expect(answer.status == 404 && body == ["errorType": "InvalidRequest", "errorMessage": #"no such route: GET /say/"hi"\there"#])
    }

    @Test("failInFlight fails the invocation a runtime holds, as Lambda does when the runtime exits mid-invocation")
    func failInFlight() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        #expect(!server.failInFlight(type: "Runtime.ExitError", message: "nothing held"))
        let result = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5)) }
        let client = try RawClient(server)
        let next = try await client.next()
        let id = try #require(next.headers["Lambda-Runtime-Aws-Request-Id"])
        #expect(server.failInFlight(type: "Runtime.ExitError", message: #"exited with status 3 "before" answering"#))
        guard case .error(let type, let body) = await result.value else {
            Issue.record("expected an error")
            return
        }
        #expect(type == "Runtime.ExitError")
        #expect(try JSONDecoder().decode([String: String].self, from: Data(body))["errorMessage"] == #"exited with status 3 "before" answering"#)
        #expect(try await client.answer(id) == 403)  // too late: the invocation is over
    }

    @Test("shutting down fails the invocations still waiting")
    func shutdownFailsWaiting() async throws {
        let server = try RuntimeAPIServer()
        let waiting = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        server.shutdown()
        #expect(await waiting.value == .serverStopped)
    }
}
