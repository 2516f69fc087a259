import EventSourcingLocalRuntimeAPI
import Foundation
import LambdaRuntime
import Testing

@Suite("Lambda Managed Instances: AWS_LAMBDA_MAX_CONCURRENCY loops in one process")
struct ManagedInstancesTests {
    @Test("four invocations overlap (four 200 ms sleeps in well under 800 ms), each answered and logged with its own request id")
    func fourAtOnce() async throws {
        let (server, child) = try startEcho(["AWS_LAMBDA_MAX_CONCURRENCY": "4"], server: .init(maxConcurrency: 4))
        defer { child.terminate() }
        #expect(await server.waitForFirstNext(count: 4))
        let ids = (1...4).map { "request-\($0)" }
        let answers = await withTaskGroup(of: (String, [UInt8]?).self) { group in
            for id in ids {
                group.addTask {
                    (id, await server.invoke(Array(#"{"sleep": 200, "context": true}"#.utf8), requestID: id).responseBody)
                }
            }
            return await group.reduce(into: [String: [UInt8]?]()) { $0[$1.0] = $1.1 }
        }
        // Timed by the server, from the first event handed out to the last answer: the test's own tasks may wait for
        // a thread while other suites run. One after another the sleeps would take 800 ms at least.
        let requests = server.requests
        let handedOut = requests.filter { $0.method == "GET" }.prefix(4)
        let answered = requests.filter { $0.method == "POST" }.map(\.handledUptimeNanoseconds)
        let first = try #require(handedOut.map(\.handledUptimeNanoseconds).min())
        let last = try #require(answered.max())
        #expect(Duration.nanoseconds(last - first) < .milliseconds(800), "four 200 ms sleeps took \(Duration.nanoseconds(last - first))")
        // All four were handed out, each on its own connection, before the first answer came.
        #expect(handedOut.count == 4 && handedOut.allSatisfy { $0.handledUptimeNanoseconds < answered.min() ?? 0 })
        #expect(Set(handedOut.map(\.connection)).count == 4 && server.mostInvocationsInFlight == 4)
        for id in ids { #expect(jsonObject(answers[id] ?? nil)["requestId"] as? String == id) }
        // Each invocation logs after its sleep, while the other three are in flight: the line carries its own id.
        let slept = await child.jsonLogLines(saying: "slept 200 ms", count: 4)
        #expect(slept.compactMap { $0["requestId"] as? String }.sorted() == ids)
        let contexts = await child.jsonLogLines(saying: "answering with the context", count: 4)
        #expect(contexts.compactMap { $0["requestId"] as? String }.sorted() == ids)
    }

    @Test("each invocation has the trace id in its context only: _X_AMZN_TRACE_ID is not set, as one environment cannot hold four")
    func traceIDInContextOnly() async throws {
        let (server, child) = try startEcho(["AWS_LAMBDA_MAX_CONCURRENCY": "2"], server: .init(maxConcurrency: 2))
        defer { child.terminate() }
        let answer = jsonObject(await server.invoke(Array(#"{"context": true}"#.utf8), traceID: "Root=1-a-b").responseBody)
        #expect(answer["traceId"] as? String == "Root=1-a-b")
        #expect(answer["traceEnvironment"] == nil)
    }

    @Test("with one loop the trace id is also exported as _X_AMZN_TRACE_ID, and logs follow AWS_LAMBDA_LOG_FORMAT")
    func oneLoopExportsTraceID() async throws {
        let (server, child) = try startEcho()
        defer { child.terminate() }
        let answer = jsonObject(await server.invoke(Array(#"{"context": true}"#.utf8), traceID: "Root=1-c-d").responseBody)
        #expect(answer["traceId"] as? String == "Root=1-c-d" && answer["traceEnvironment"] as? String == "Root=1-c-d")
        #expect(await child.waitForStderr(containing: "\tINFO\tanswering with the context") && child.jsonLogLines.isEmpty)
    }

    @Test("under Managed Instances the logs are JSON whatever AWS_LAMBDA_LOG_FORMAT says")
    func jsonLogs() async throws {
        let (server, child) = try startEcho(["AWS_LAMBDA_MAX_CONCURRENCY": "2", "AWS_LAMBDA_LOG_FORMAT": "Text"], server: .init(maxConcurrency: 2))
        defer { child.terminate() }
        _ = await server.invoke(Array(#"{"context": true}"#.utf8))
        #expect(await child.jsonLogLines(saying: "answering with the context").count == 1)
    }

    @Test("an AWS_LAMBDA_MAX_CONCURRENCY that is not a whole number from 1 to 1024 is an init error")
    func invalidConcurrency() async throws {
        for value in ["0", "many", "1025"] {
            let harness = try RuntimeHarness(environment: ["AWS_LAMBDA_MAX_CONCURRENCY": value]) { _ in
                ClosureHandler { event, _ in event }
            }
            guard case .initializationFailed(let type, let message) = await harness.run.value else {
                Issue.record("expected an init error for \(value)")
                continue
            }
            #expect(type == "Runtime.InvalidConfiguration" && message.contains("AWS_LAMBDA_MAX_CONCURRENCY"))
            #expect(harness.server.initErrors.first?.type == "Runtime.InvalidConfiguration")
            harness.server.shutdown()
        }
    }

    @Test("in-process, N loops share one handler, and the first loop to end ends run()")
    func loopsShareHandler() async throws {
        let harness = try RuntimeHarness(serverConfiguration: .init(maxConcurrency: 3), environment: ["AWS_LAMBDA_MAX_CONCURRENCY": "3"]) { _ in
            ClosureHandler { event, context in
                try await Task.sleep(for: .milliseconds(100))
                return Array(context.requestID.utf8) + event
            }
        }
        let results = await withTaskGroup(of: InvocationResult.self) { group in
            for index in 0..<6 { group.addTask { await harness.server.invoke(Array(":\(index)".utf8), requestID: "r\(index)") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.compactMap(\.text)) == Set((0..<6).map { "r\($0):\($0)" }))
        #expect(harness.server.mostInvocationsInFlight == 3)
        harness.server.failNextRequest(status: 500)
        _ = await harness.server.invoke(Array("x".utf8), timeout: .milliseconds(300))
        guard case .runtimeAPIFailed(.serverError) = await harness.run.value else {
            Issue.record("expected the 500 to end run()")
            return
        }
        harness.server.shutdown()
    }
}
