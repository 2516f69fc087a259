import EventSourcingLocalRuntimeAPI
import Foundation
import LambdaRuntime
import Testing

private let echo = ClosureHandler { event, _ in event }

private struct Greeting: Codable, Sendable {
    var name: String
}

private struct GreetingHandler: LambdaCodableHandler {
    func handle(_ event: Greeting, context: LambdaContext) async throws -> [String: String] {
        ["hello": event.name]
    }
}

private struct Refusal: Error, LambdaFunctionError {
    var errorType: String { "Function.Refused" }
    var errorMessage: String { "no, thank you" }
}

@Suite("The runtime loop, in-process against a local Runtime API")
struct LambdaRuntimeTests {
    @Test("serves invocations in order over one keep-alive connection")
    func servesInOrder() async throws {
        let harness = try RuntimeHarness { _ in echo }
        for index in 1...5 {
            #expect(await harness.invoke(#"{"n":\#(index)}"#).text == #"{"n":\#(index)}"#)
        }
        #expect(harness.server.acceptedConnections == 1)
        _ = await harness.stop()
    }

    @Test("a Codable handler decodes the event and encodes its output")
    func codableHandler() async throws {
        let harness = try RuntimeHarness { _ in CodableHandlerAdapter(GreetingHandler()) }
        #expect(await harness.invoke(#"{"name":"Ada"}"#).text == #"{"hello":"Ada"}"#)
        _ = await harness.stop()
    }

    @Test("an event that does not decode is posted as Function.InvalidEvent and the loop goes on")
    func undecodableEvent() async throws {
        let harness = try RuntimeHarness { _ in CodableHandlerAdapter(GreetingHandler()) }
        let result = await harness.invoke(#"{"nom":"Ada"}"#)
        #expect(result.errorType == "Function.InvalidEvent")
        #expect(result.errorObject?["errorType"] as? String == "Function.InvalidEvent")
        #expect((result.errorObject?["errorMessage"] as? String)?.contains("missing key \"name\"") == true)
        #expect(result.errorObject?["stackTrace"] as? [Any] != nil)
        #expect(await harness.invoke("not json").errorType == "Function.InvalidEvent")
        #expect(await harness.invoke(#"{"name":"Bo"}"#).text == #"{"hello":"Bo"}"#)
        _ = await harness.stop()
    }

    @Test("a handler error is posted with its own type and message, and the next invocation is served")
    func handlerError() async throws {
        let harness = try RuntimeHarness { _ in
            ClosureHandler { event, _ in
                if event == Array("fail".utf8) { throw Refusal() }
                return event
            }
        }
        let failed = await harness.invoke("fail")
        #expect(failed.errorType == "Function.Refused")
        #expect(failed.errorObject?["errorMessage"] as? String == "no, thank you")
        #expect(await harness.invoke("ok").text == "ok")
        _ = await harness.stop()
    }

    @Test("an error without a declared type is reported as Function.<TypeName>")
    func undeclaredErrorType() async throws {
        struct Broken: Error {}
        let harness = try RuntimeHarness { _ in ClosureHandler { _, _ in throw Broken() } }
        #expect(await harness.invoke("{}").errorType == "Function.Broken")
        _ = await harness.stop()
    }

    @Test("the context carries the invocation's headers and the function's metadata, and the trace id is exported")
    func contextReachesHandler() async throws {
        let harness = try RuntimeHarness(environment: [
            "AWS_LAMBDA_FUNCTION_VERSION": "7", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        ]) { _ in
            ClosureHandler { _, context in
                let fields: [String: String] = [
                    "requestID": context.requestID,
                    "deadline": String(context.deadlineMilliseconds),
                    "remainingMs": String(Int64(context.remainingTime / .milliseconds(1))),
                    "arn": context.invokedFunctionARN,
                    "trace": context.traceID ?? "",
                    "clientContext": context.clientContext ?? "",
                    "cognito": context.cognitoIdentity ?? "",
                    "name": context.function.name,
                    "version": context.function.version,
                    "memory": String(context.function.memoryLimitMB),
                ]
                return Array(try JSONEncoder().encode(fields))
            }
        }
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let result = await harness.server.invoke(
            Array("{}".utf8), timeout: .seconds(20), traceID: "Root=1-abc-def;Sampled=1",
            clientContext: #"{"client":{}}"#, cognitoIdentity: #"{"cognitoIdentityId":"id"}"#)
        let fields = try JSONDecoder().decode([String: String].self, from: Data(try #require(result.responseBody)))
        let deadline = try #require(Int64(fields["deadline"]!))
        #expect(deadline >= before + 19_000 && deadline <= before + 21_000)
        // Counted down from the 20 s deadline: well above zero even on a loaded machine, never above the deadline.
        #expect((5_000...20_000).contains(Int(fields["remainingMs"]!)!))
        #expect(fields["requestID"]!.count == 36)
        #expect(fields["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:function")
        #expect(fields["trace"] == "Root=1-abc-def;Sampled=1")
        #expect(fields["clientContext"] == #"{"client":{}}"#)
        #expect(fields["cognito"] == #"{"cognitoIdentityId":"id"}"#)
        #expect(fields["name"] == "harness")
        #expect(fields["version"] == "7")
        #expect(fields["memory"] == "256")
        _ = await harness.stop()
    }

    @Test("initialisation runs once, before the first /next")
    func initialisationRunsOnce() async throws {
        let count = Counter()
        let harness = try RuntimeHarness { _ in
            count.increment()
            return echo
        }
        _ = await harness.invoke("a")
        _ = await harness.invoke("b")
        #expect(count.value == 1)
        _ = await harness.stop()
    }

    @Test("missing configuration is posted to /runtime/init/error and the loop ends")
    func initError() async throws {
        let harness = try RuntimeHarness { context in
            _ = try context.environment.required("EVENTS_TABLE")
            return echo
        }
        let exit = await harness.run.value
        guard case .initializationFailed(let type, let message) = exit else {
            Issue.record("expected initializationFailed, got \(exit)")
            return
        }
        #expect(type == "Runtime.MissingConfiguration")
        #expect(message.contains("EVENTS_TABLE"))
        let recorded = try #require(harness.server.initErrors.first)
        #expect(recorded.type == "Runtime.MissingConfiguration")
        #expect(String(decoding: recorded.body, as: UTF8.self).contains("EVENTS_TABLE"))
        #expect(harness.server.firstNextUptimeNanoseconds == nil)
        harness.server.shutdown()
    }

    @Test("without AWS_LAMBDA_RUNTIME_API the loop ends at once")
    func missingRuntimeAPI() async {
        let exit = await LambdaRuntime(environment: LambdaEnvironment([:])) { _ in echo }.run()
        guard case .missingRuntimeAPI = exit else {
            Issue.record("expected missingRuntimeAPI, got \(exit)")
            return
        }
        #expect(exit.description.contains("AWS_LAMBDA_RUNTIME_API"))
    }

    @Test("a response over 6,291,556 bytes is reported as Function.ResponseSizeTooLarge, not posted")
    func oversizedResponse() async throws {
        let harness = try RuntimeHarness { _ in
            ClosureHandler { event, _ in
                [UInt8](repeating: 0x61, count: Int(String(decoding: event, as: UTF8.self))!)
            }
        }
        let result = await harness.invoke("6291557")
        #expect(result.errorType == "Function.ResponseSizeTooLarge")
        #expect((result.errorObject?["errorMessage"] as? String)?.contains("6291557") == true)
        #expect(await harness.invoke("6291556").responseBody?.count == 6_291_556)
        _ = await harness.stop()
    }

    @Test("a 413 from the Runtime API is logged and the next invocation is still served")
    func tooLargeThenNext() async throws {
        let harness = try RuntimeHarness(serverConfiguration: .init(maxResponseBytes: 100)) { _ in echo }
        let big = String(repeating: "x", count: 101)
        #expect(await harness.invoke(big) == .responseTooLarge(size: 101))
        #expect(await harness.invoke("small").text == "small")
        _ = await harness.stop()
    }

    @Test("a 500 from the Runtime API ends the loop")
    func serverErrorEnds() async throws {
        let harness = try RuntimeHarness { _ in echo }
        await harness.server.waitForFirstNext()
        harness.server.failNextRequest(status: 500)
        harness.server.dropConnections()  // the waiting /next is retried on a new connection and gets the 500
        let exit = await harness.run.value
        guard case .runtimeAPIFailed(.serverError) = exit else {
            Issue.record("expected serverError, got \(exit)")
            return
        }
        harness.server.shutdown()
    }

    @Test("a dropped connection is reopened and the queued event is still served")
    func reconnects() async throws {
        let harness = try RuntimeHarness { _ in echo }
        #expect(await harness.invoke("one").text == "one")
        harness.server.dropConnections()
        #expect(await harness.invoke("two").text == "two")
        #expect(harness.server.acceptedConnections == 2)
        _ = await harness.stop()
    }

    @Test("a Runtime API that is gone ends the loop after a bounded retry")
    func connectionLostEnds() async throws {
        let harness = try RuntimeHarness { _ in echo }
        await harness.server.waitForFirstNext()
        let start = ContinuousClock.now
        let exit = await harness.stop()
        guard case .runtimeAPIFailed(.connectionLost(let attempts, _)) = exit else {
            Issue.record("expected connectionLost, got \(exit)")
            return
        }
        #expect(attempts == 4)
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}

/// A thread-safe counter for handlers to record calls.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}

// The variable is the process's: in-process runtimes of tests running side by side would overwrite it, so it is
// checked in EchoFunction's process, which answers it with the context.
@Suite("_X_AMZN_TRACE_ID")
struct TraceIDVariableTests {
    @Test("follows each invocation's trace header, also past the first buffer's size")
    func followsInvocations() async throws {
        let (server, child) = try startEcho()
        defer { child.terminate() }
        let long = "Root=1-" + String(repeating: "f", count: 600)
        for trace in ["Root=1-a", long, "Root=1-b"] {
            let answer = jsonObject(await server.invoke(Array(#"{"context": true}"#.utf8), traceID: trace).responseBody)
            #expect(answer["traceEnvironment"] as? String == trace)
        }
    }
}
