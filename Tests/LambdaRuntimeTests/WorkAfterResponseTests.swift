import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import LambdaRuntime
import Testing

@Suite("Work after the response: context.afterResponse")
struct WorkAfterResponseTests {
    @Test("deferred work runs after the response is posted and before the next /next; the caller does not wait for it")
    func orderedAfterResponse() async throws {
        let release = Gate()
        let times = Recorder<UInt64>()
        let harness = try RuntimeHarness { _ in
            ClosureHandler { event, context in
                if event == Array("deferring".utf8) {
                    context.afterResponse {
                        times.append(uptimeNanoseconds())
                        await release.wait()  // held until the caller has its answer
                        times.append(uptimeNanoseconds())
                    }
                }
                return event
            }
        }
        #expect(await harness.server.invoke(Array("deferring".utf8), requestID: "first") == .response(Array("deferring".utf8)))
        release.open()
        #expect(await harness.invoke("next").text == "next")
        let requests = harness.server.requests
        let posted = try #require(requests.first { $0.target.contains("/first/response") })
        let nextAfter = try #require(requests.first { $0.method == "GET" && $0.receivedUptimeNanoseconds > posted.handledUptimeNanoseconds })
        let (started, finished) = (times.all[0], times.all[1])
        #expect(posted.handledUptimeNanoseconds < started)
        #expect(finished < nextAfter.receivedUptimeNanoseconds)
        _ = await harness.stop()
    }

    @Test("work runs in the order registered, work may add work, and a context kept past its invocation adds none")
    func orderAndScope() async throws {
        let log = Recorder<String>()
        let kept = Recorder<LambdaContext>()
        let harness = try RuntimeHarness { _ in
            ClosureHandler { event, context in
                if event == Array("b".utf8), let earlier = kept.all.first {
                    earlier.afterResponse { log.append("stale") }
                    context.afterResponse { log.append("second invocation") }
                    return event
                }
                guard event == Array("a".utf8) else { return event }
                kept.append(context)
                context.afterResponse {
                    log.append("one")
                    context.afterResponse { log.append("three, added by one") }
                }
                context.afterResponse { log.append("two") }
                return event
            }
        }
        _ = await harness.invoke("a")
        _ = await harness.invoke("b")
        _ = await harness.invoke("c")  // the second invocation's work has run once this one is answered
        #expect(log.all == ["one", "two", "three, added by one", "second invocation"])
        _ = await harness.stop()
    }

    @Test("what deferred work throws is logged with the request id, never reported; the function goes on")
    func failureLogged() async throws {
        let (server, child) = try startEcho(["AWS_LAMBDA_LOG_FORMAT": "JSON"])
        defer { child.terminate() }
        let event = Array(#"{"failAfterResponse": "snapshot lost"}"#.utf8)
        #expect(await server.invoke(event, requestID: "deferring") == .response(event))
        #expect(await server.invoke(Array("[2]".utf8)).text == "[2]")
        let line = try #require(await child.jsonLogLines(saying: "work after the response failed: snapshot lost").first)
        #expect(line["requestId"] as? String == "deferring" && line["errorType"] as? String == "Function.EchoError")
    }

    @Test("a streaming handler that calls finish() has its response taken before it goes on working")
    func finishThenWork() async throws {
        let release = Gate()
        let harness = try RuntimeHarness(streaming: { _ in
            ClosureStreamingHandler { _, response, _ in
                try await response.write("done")
                try await response.finish()
                await release.wait()
            }
        })
        #expect(await harness.invoke("{}").streamed?.chunks == [Array("done".utf8)])
        release.open()
        #expect(await harness.invoke("{}").streamed?.chunks == [Array("done".utf8)])
        release.open()
        _ = await harness.stop()
    }
}
