import EventSourcingLocalRuntimeAPI
import EventSourcingLoopbackHTTP
import EventSourcingTestSupport
import Foundation
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

    /// The request id of the event `/next` hands out.
    func nextRequestID() async throws -> String {
        try #require(try await next().headers["Lambda-Runtime-Aws-Request-Id"])
    }

    func answer(_ id: String, _ kind: String = "response", body: String = "{}") async throws -> Int {
        try await send("POST", "/2018-06-01/runtime/invocation/\(id)/\(kind)", body: body).status
    }

    /// The head of a streamed response for `id`, then `rest` as given (chunks, the last chunk, trailers).
    func stream(_ id: String, mode: String = "streaming", trailer: String? = nil, _ rest: String) async throws -> HTTPMessage? {
        var head = "POST /2018-06-01/runtime/invocation/\(id)/response HTTP/1.1\r\nHost: h\r\n"
            + "Lambda-Runtime-Function-Response-Mode: \(mode)\r\nTransfer-Encoding: chunked\r\nContent-Type: text/x\r\n"
        if let trailer { head += "Trailer: \(trailer)\r\n" }
        return try await client.exchange(Array((head + "\r\n" + rest).utf8))
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
        let id = try await client.nextRequestID()
        #expect(try await client.answer(id) == 202)
        #expect(try await client.answer(id) == 403)
        #expect(try await client.answer(id, "error") == 403)
        _ = await first.value

        // With two queued and one handed out, answering the other is out of turn.
        let second = Task { await server.invoke(Array("2".utf8), timeout: .seconds(5)) }
        let third = Task { await server.invoke(Array("3".utf8), timeout: .seconds(5)) }
        let handedOut = try await client.nextRequestID()
        let queued = try #require(server.queuedRequestIDs.first)
        #expect(try await client.answer(queued) == 403)
        #expect(try await client.answer(handedOut, "error", body: #"{"errorType":"X"}"#) == 202)
        let last = try await client.nextRequestID()
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
        let id = try await client.nextRequestID()
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

    @Test("a streamed response is read chunk by chunk as it arrives, and its declared error trailers decoded")
    func streamedResponse() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let events = Recorder<ResponseStreamEvent>()
        let result = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5)) { events.append($0) } }
        let client = try RawClient(server)
        let id = try await client.nextRequestID()
        let errorBody = Data(#"{"errorMessage":"m","errorType":"Function.X"}"#.utf8).base64EncodedString()
        let answer = try await client.stream(
            id, trailer: "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body",
            "2\r\nab\r\n1\r\nc\r\n0\r\nLambda-Runtime-Function-Error-Type: Function.X\r\nLambda-Runtime-Function-Error-Body: \(errorBody)\r\n\r\n")
        #expect(answer?.status == 202)
        let expected = StreamedResponse(
            contentType: "text/x", chunks: [Array("ab".utf8), Array("c".utf8)],
            failure: .init(type: "Function.X", body: Array(#"{"errorMessage":"m","errorType":"Function.X"}"#.utf8)))
        #expect(await result.value == .streamed(expected))
        #expect(events.all == [.started(contentType: "text/x"), .chunk(Array("ab".utf8)), .chunk(Array("c".utf8))])
        // The connection goes on: the next answer on it is buffered.
        let second = Task { await server.invoke(Array("2".utf8), timeout: .seconds(5)) }
        let secondID = try await client.nextRequestID()
        #expect(try await client.answer(secondID, body: "ok") == 202)
        #expect(await second.value == .response(Array("ok".utf8)))
    }

    @Test("error trailers the request did not declare do not count; an error body that is not base64 is left empty")
    func undeclaredTrailers() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = try RawClient(server)
        let trailers = "0\r\nLambda-Runtime-Function-Error-Type: Function.X\r\nLambda-Runtime-Function-Error-Body: !!\r\n\r\n"
        for (trailer, failure) in [(nil, nil), ("Lambda-Runtime-Function-Error-Type", StreamedResponse.Failure(type: "Function.X", body: [])),
                                   ("Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body", StreamedResponse.Failure(type: "Function.X", body: []))] {
            let result = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5)) }
            let id = try await client.nextRequestID()
            #expect(try await client.stream(id, trailer: trailer, "1\r\na\r\n" + trailers)?.status == 202)
            #expect(await result.value == .streamed(StreamedResponse(contentType: "text/x", chunks: [[0x61]], failure: failure)))
        }
    }

    @Test("a stream past the streamed limit is answered 413 at once, before it ends, and the connection closed")
    func streamOverLimit() async throws {
        let server = try RuntimeAPIServer(.init(maxStreamedResponseBytes: 10))
        defer { server.shutdown() }
        let result = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5)) }
        let client = try RawClient(server)
        let id = try await client.nextRequestID()
        let answer = try #require(try await client.stream(id, "8\r\n12345678\r\n8\r\n12345678\r\n"))
        #expect(answer.status == 413 && answer.wantsClose)
        #expect(await result.value == .responseTooLarge(size: 16))
    }

    @Test("a response mode other than streaming is 400 and fails the invocation")
    func unknownResponseMode() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let result = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5)) }
        let client = try RawClient(server)
        let id = try await client.nextRequestID()
        #expect(try await client.stream(id, mode: "trickle", "1\r\na\r\n0\r\n\r\n")?.status == 400)
        guard case .error(let type, _) = await result.value else {
            Issue.record("expected an error")
            return
        }
        #expect(type == "Runtime.InvalidResponseModeHeader")
    }

    @Test("with maxConcurrency 2, two events are out at once, one per connection; a /next gives up only its connection's")
    func concurrentInvocations() async throws {
        let server = try RuntimeAPIServer(.init(maxConcurrency: 2))
        defer { server.shutdown() }
        let results = (1...3).map { index in Task { await server.invoke(Array("\(index)".utf8), timeout: .seconds(5)) } }
        let (first, second) = (try RawClient(server), try RawClient(server))
        let firstID = try await first.nextRequestID()
        let secondID = try await second.nextRequestID()
        #expect(server.mostInvocationsInFlight == 2 && firstID != secondID)
        let thirdID = try await first.nextRequestID()
        #expect(try await second.answer(secondID, body: "two") == 202)
        #expect(try await first.answer(thirdID, body: "three") == 202)
        #expect(try await first.answer(firstID) == 403)  // given up when its connection asked for more
        let outcomes = await [results[0].value, results[1].value, results[2].value]
        #expect(outcomes.filter { $0 == .response(Array("two".utf8)) || $0 == .response(Array("three".utf8)) }.count == 2)
        #expect(outcomes.contains { if case .error(let type, _) = $0 { type == "Runtime.NoAnswer" } else { false } })
    }

    @Test("the tenant id and a chosen request id are sent as headers; without a tenant there is no tenant header")
    func tenantAndRequestID() async throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = try RawClient(server)
        for tenant in ["tenant-1", nil] {
            let result = Task { await server.invoke(Array("{}".utf8), timeout: .seconds(5), tenantID: tenant, requestID: "chosen-\(tenant ?? "none")") }
            let next = try await client.next()
            #expect(next.headers["Lambda-Runtime-Aws-Tenant-Id"] == tenant)
            #expect(next.headers["Lambda-Runtime-Aws-Request-Id"] == "chosen-\(tenant ?? "none")")
            #expect(try await client.answer("chosen-\(tenant ?? "none")") == 202)
            _ = await result.value
        }
        #expect(server.requests.map(\.method) == ["GET", "POST", "GET", "POST"])
        #expect(Set(server.requests.map(\.connection)) == [1])
    }
}
