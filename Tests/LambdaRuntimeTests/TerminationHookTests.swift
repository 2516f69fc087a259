import EventSourcingLocalRuntimeAPI
import Foundation
import Testing

@Suite("SIGTERM: the function's termination hook, bounded")
struct TerminationHookTests {
    @Test("SIGTERM runs the hook, then the process ends by SIGTERM")
    func hookRuns() async throws {
        let (server, child) = try startEcho()
        #expect(await server.invoke(Array("{}".utf8)).text == "{}")
        kill(child.pid, SIGTERM)
        _ = await child.waitForExit(timeout: .seconds(5))
        #expect(await child.waitForStderr(containing: "SIGTERM: the termination hook runs for 0 ms"))
        #expect(await child.waitForStderr(containing: "SIGTERM: the termination hook is done"))
        #expect(child.process.exitStatus == .signalled(SIGTERM))
    }

    @Test("a hook that takes longer than the grace period is cut short: the process ends soon after SIGTERM")
    func hookBounded() async throws {
        let (server, child) = try startEcho(["ECHO_TERMINATION_DELAY_MS": "5000", "AWS_LAMBDA_LOG_FORMAT": "JSON"])
        #expect(await server.waitForFirstNext())
        kill(child.pid, SIGTERM)
        _ = await child.waitForExit(timeout: .seconds(10))
        #expect(child.process.exitStatus == .signalled(SIGTERM))
        // Timed by the function's own log lines: the test's tasks may wait for a thread while other suites run.
        let started = try #require(await child.jsonLogLines(saying: "SIGTERM: the termination hook runs for 5000 ms").first)
        let cut = try #require(await child.jsonLogLines(saying: "the termination hooks did not finish within 0.3 seconds; ending the process").first)
        let elapsed = try #require(milliseconds(cut["timestamp"]).flatMap { end in milliseconds(started["timestamp"]).map { end - $0 } })
        #expect(elapsed >= 290 && elapsed < 1_000, "the hook ran for \(elapsed) ms")
        #expect(!child.stderr.contains("the termination hook is done"))
    }

    /// Milliseconds since the epoch of a log line's `2026-11-27T08:48:17.123Z`.
    private func milliseconds(_ timestamp: Any?) -> Int? {
        guard let text = timestamp as? String else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int(($0.timeIntervalSince1970 * 1000).rounded()) }
    }
}
