import Foundation
import LocalEnvironment
import LocalRuntimeAPI
import Testing
import TestSupport

/// EchoFunction under a FunctionHost, as scripts/dev runs a function.
func echoHost(_ console: ConsoleCapture, timeout: Duration = .seconds(10), environment: [String: String] = [:]) throws -> FunctionHost {
    try FunctionHost(
        name: "EchoFunction", executable: ChildFunction.productsDirectory.appendingPathComponent("EchoFunction").path,
        environment: environment, timeout: timeout, log: console.log)
}

@Suite("A function under its host: invoked as Lambda invokes it, replaced as Lambda replaces it")
struct FunctionHostTests {
    @Test("an invocation reaches the bootstrap and its answer comes back")
    func invoke() async throws {
        let console = ConsoleCapture()
        let host = try echoHost(console)
        defer { host.stop() }
        #expect(await host.invoke(Array(#"{"hello":"world"}"#.utf8)) == .response(Array(#"{"hello":"world"}"#.utf8)))
        #expect(host.invokeBlocking(Array("[1,2]".utf8)) == .response(Array("[1,2]".utf8)))
    }

    @Test("a process that dies mid-invocation fails it with Runtime.ExitError and is replaced; the next invocation works")
    func crash() async throws {
        let console = ConsoleCapture()
        let host = try echoHost(console)
        defer { host.stop() }
        let first = host.currentProcess
        let result = await host.invoke(Array(#"{"crash": 3}"#.utf8))
        guard case .error(let type, let body) = result else {
            Issue.record("expected an error, got \(result)")
            return
        }
        #expect(type == "Runtime.ExitError" && String(decoding: body, as: UTF8.self).contains("exited with status 3"))
        #expect(await host.invoke(Array("{}".utf8)) == .response(Array("{}".utf8)))  // waits for the replacement
        #expect(host.currentProcess.pid != first.pid)
        #expect(console.lines.contains { $0 == "[EchoFunction] process exited with status 3; starting a new one" })
        // A replacement that dies young too is restarted after a pause, which grows while it keeps dying.
        _ = await host.invoke(Array(#"{"crash": 4}"#.utf8))
        #expect(console.lines.contains { $0 == "[EchoFunction] process exited with status 4; starting a new one in 1 s" })
        #expect(await host.invoke(Array("{}".utf8)) == .response(Array("{}".utf8)))
    }

    @Test("an invocation past the timeout fails, and the stuck process is replaced")
    func timeout() async throws {
        let console = ConsoleCapture()
        let host = try echoHost(console, timeout: .seconds(1))
        defer { host.stop() }
        let first = host.currentProcess
        #expect(await host.invoke(Array(#"{"sleep": 5000}"#.utf8)) == .timedOut)
        #expect(first.wait(timeout: 5) == .signalled(SIGKILL))
        #expect(await host.invoke(Array(#"{"sleep": 10}"#.utf8)) == .response(Array(#"{"sleep": 10}"#.utf8)))
        #expect(console.lines.contains("[EchoFunction] Task timed out after 1.00 seconds; replacing the process"))
    }

    @Test("a function that fails its initialisation is a start-up error that quotes its init error")
    func initError() async throws {
        let console = ConsoleCapture()
        let error = #expect(throws: LocalEnvironmentError.self) {
            try echoHost(console, environment: ["ECHO_MAX_BYTES": "lots"])
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("EchoFunction did not start: it exited with status 1 after posting an init error: Runtime.InvalidConfiguration"))
        #expect(text.contains("ECHO_MAX_BYTES"))
    }

    @Test("stop ends the process and fails what is still queued")
    func stop() async throws {
        let console = ConsoleCapture()
        let host = try echoHost(console)
        let process = host.currentProcess
        async let slow = host.invoke(Array(#"{"sleep": 3000}"#.utf8))
        try await Task.sleep(for: .milliseconds(200))
        host.stop()
        #expect(await slow == .serverStopped)
        #expect(!process.isRunning)
    }
}
