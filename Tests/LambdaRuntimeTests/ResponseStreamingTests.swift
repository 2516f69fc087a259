import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import LambdaRuntime
import Testing

@Suite("Response streaming: a handler writes its response to the local Runtime API as it goes")
struct ResponseStreamingTests {
    @Test("a stream of several chunks arrives in order and complete, each chunk sent as soon as it is written")
    func chunksInOrder() async throws {
        // Each write after the first waits until the server has seen the one before: a chunk held back would hang.
        let seen = (a: Gate(), b: Gate())
        let harness = try RuntimeHarness(streaming: { _ in
            ClosureStreamingHandler { _, response, _ in
                try await response.write("a")
                await seen.a.wait()
                try await response.write(Array("b".utf8))
                await seen.b.wait()
                try await response.write("c")
            }
        })
        let events = Recorder<ResponseStreamEvent>()
        let result = await harness.server.invoke(Array("{}".utf8), timeout: .seconds(10)) { event in
            events.append(event)
            if event == .chunk(Array("a".utf8)) { seen.a.open() }
            if event == .chunk(Array("b".utf8)) { seen.b.open() }
        }
        let streamed = try #require(result.streamed, "\(result)")
        #expect(streamed.chunks == ["a", "b", "c"].map { Array($0.utf8) })
        #expect(streamed.contentType == "application/octet-stream" && streamed.failure == nil)
        #expect(events.all == [.started(contentType: "application/octet-stream")] + ["a", "b", "c"].map { .chunk(Array($0.utf8)) })
        _ = await harness.stop()
    }

    @Test("EchoFunction streams {\"stream\": [...]} one chunk per string, and answers other events in one piece")
    func echoStreams() async throws {
        let (server, child) = try startEcho()
        defer { child.terminate() }
        let result = await server.invoke(Array(#"{"stream": ["one", "two", "three"]}"#.utf8))
        #expect(result.streamed?.chunks == ["one", "two", "three"].map { Array($0.utf8) })
        // Written exactly so (as the benchmark writes it), it is read without JSONDecoder, to the same effect.
        #expect(await server.invoke(Array(#"{"stream":["one","two, three"]}"#.utf8)).streamed?.chunks == ["one", "two, three"].map { Array($0.utf8) })
        #expect(await server.invoke(Array(#"{"plain":true}"#.utf8)) == .response(Array(#"{"plain":true}"#.utf8)))
    }

    @Test("a failure after the first byte arrives in the trailers: its type, and a base64 body that decodes to the error")
    func failureInTrailers() async throws {
        let (server, child) = try startEcho()
        defer { child.terminate() }
        let result = await server.invoke(Array(#"{"stream": ["a", "b"], "fail": "broke \"mid\" stream"}"#.utf8))
        let streamed = try #require(result.streamed, "\(result)")
        #expect(streamed.chunks == [Array("a".utf8), Array("b".utf8)])
        let failure = try #require(streamed.failure)
        #expect(failure.type == "Function.EchoError")
        let body = jsonObject(failure.body)
        #expect(body["errorMessage"] as? String == #"broke "mid" stream"#)
        #expect(body["errorType"] as? String == "Function.EchoError" && body["stackTrace"] as? [Any] != nil)
        #expect(result.responseBody == nil)
        #expect(await server.invoke(Array("[1]".utf8)).text == "[1]")
    }

    @Test("a streaming handler that writes nothing answers an empty stream")
    func emptyStream() async throws {
        let harness = try RuntimeHarness(streaming: { _ in ClosureStreamingHandler { _, _, _ in } })
        #expect(await harness.invoke("{}") == .streamed(StreamedResponse(contentType: "application/octet-stream", chunks: [])))
        _ = await harness.stop()
    }

    @Test("a failure before the first byte is an ordinary /error")
    func failureBeforeFirstByte() async throws {
        struct Early: Error {}
        let harness = try RuntimeHarness(streaming: { _ in ClosureStreamingHandler { _, _, _ in throw Early() } })
        let result = await harness.invoke("{}")
        #expect(result.errorType == "Function.Early")
        #expect(result.errorObject?["errorType"] as? String == "Function.Early")
        _ = await harness.stop()
    }

    @Test("a streamed response over 6 MB succeeds, byte for byte, in small chunks and large ones")
    func overSixMegabytes() async throws {
        let piece = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let large = [UInt8](repeating: 0x5A, count: 1_048_576)
        let harness = try RuntimeHarness(streaming: { _ in
            ClosureStreamingHandler { _, response, _ in
                for _ in 0..<96 { try await response.write(piece) }  // 6 MiB
                try await response.write(large)
            }
        })
        let result = await harness.invoke("{}", timeout: .seconds(30))
        let body = try #require(result.responseBody, "\(result)")
        #expect(body.count == 96 * piece.count + large.count && body.count > Lambda.maxResponseBytes)
        #expect(Array(body[..<piece.count]) == piece && Array(body[(95 * piece.count)..<(96 * piece.count)]) == piece)
        #expect(body[(96 * piece.count)...].allSatisfy { $0 == 0x5A })
        _ = await harness.stop()
    }

    @Test("a stream past the streamed limit is refused at once with 413, the writer says so, and the next invocation is served")
    func overStreamedLimit() async throws {
        let thrown = Recorder<LambdaResponseError>()
        let refused = Gate()
        let harness = try RuntimeHarness(serverConfiguration: .init(maxStreamedResponseBytes: 1_000_000), streaming: { _ in
            ClosureStreamingHandler { event, response, _ in
                guard event == Array("big".utf8) else { return try await response.respond(with: event) }
                let chunk = [UInt8](repeating: 1, count: 250_000)
                do throws(LambdaResponseError) {
                    for _ in 0..<5 { try await response.write(chunk) }  // the fifth goes past the limit
                    await refused.wait()
                    // The writer looks for an early answer once a mebibyte: it has sent 1.25 MB since the last look.
                    try await response.write(chunk)
                } catch {
                    thrown.append(error)
                    throw error
                }
            }
        })
        #expect(await harness.invoke("big", timeout: .seconds(30)) == .responseTooLarge(size: 1_250_000))
        refused.open()
        #expect(await harness.invoke("after").text == "after")
        #expect(thrown.all == [.refused(status: 413)])
        _ = await harness.stop()
    }

    @Test("an HTTP prelude comes first, as JSON and 8 NUL bytes, under the HTTP integration content type")
    func httpPrelude() async throws {
        let harness = try RuntimeHarness(streaming: { _ in
            ClosureStreamingHandler { _, response, _ in
                try await response.writeHTTPPrelude(statusCode: 201, headers: ["content-type": "text/plain", "x-a": "\"q\""], cookies: ["c=1"])
                try await response.write("body")
            }
        })
        let streamed = try #require(await harness.invoke("{}").streamed)
        #expect(streamed.contentType == "application/vnd.awslambda.http-integration-response")
        let body = streamed.body
        let end = try #require(body.indices.first { body[$0...].starts(with: [UInt8](repeating: 0, count: 8)) })
        let prelude = jsonObject(Array(body[..<end]))
        #expect(prelude["statusCode"] as? Int == 201)
        #expect(prelude["headers"] as? [String: String] == ["content-type": "text/plain", "x-a": "\"q\""])
        #expect(prelude["cookies"] as? [String] == ["c=1"])
        #expect(Array(body[(end + 8)...]) == Array("body".utf8))
        _ = await harness.stop()
    }

    @Test("respond(with:) answers in one piece; after the response, and from a writer kept past its invocation, writes throw")
    func writerRules() async throws {
        let kept = Recorder<LambdaResponseWriter>()
        let thrown = Recorder<LambdaResponseError>()
        let harness = try RuntimeHarness(streaming: { _ in
            ClosureStreamingHandler { event, response, _ in
                if let earlier = kept.all.first {
                    do throws(LambdaResponseError) { try await earlier.write("late") } catch { thrown.append(error) }
                    return try await response.write("second")
                }
                kept.append(response)
                try await response.respond(with: event)
                do throws(LambdaResponseError) { try await response.write("more") } catch { thrown.append(error) }
                do throws(LambdaResponseError) {
                    try await response.respond(with: [UInt8](repeating: 0, count: Lambda.maxResponseBytes + 1))
                } catch {
                    thrown.append(error)
                }
            }
        })
        #expect(await harness.invoke("whole") == .response(Array("whole".utf8)))
        #expect(await harness.invoke("{}").streamed?.chunks == [Array("second".utf8)])
        #expect(thrown.all == [.finished, .finished, .finished])
        _ = await harness.stop()
    }

    @Test("a whole response over 6 MB is refused before anything is sent, and the handler may stream it instead")
    func tooLargeForOnePiece() async throws {
        let harness = try RuntimeHarness(streaming: { _ in
            ClosureStreamingHandler { _, response, _ in
                let bytes = [UInt8](repeating: 0x41, count: Lambda.maxResponseBytes + 1)
                do {
                    try await response.respond(with: bytes)
                } catch LambdaResponseError.tooLarge {
                    try await response.write(bytes)
                }
            }
        })
        #expect(await harness.invoke("{}").responseBody?.count == Lambda.maxResponseBytes + 1)
        _ = await harness.stop()
    }
}
