import EventSourcingLocalEnvironment
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

/// EchoFunction under a FunctionHost, as scripts/dev runs a function.
func echoHost(
    _ console: ConsoleCapture, timeout: Duration = .seconds(10), environment: [String: String] = [:],
    executable: String = ChildFunction.productsDirectory.appendingPathComponent("EchoFunction").path
) throws -> FunctionHost {
    try FunctionHost(name: "EchoFunction", executable: executable, environment: environment, timeout: timeout, log: console.log)
}

/// A stand-in for the built `product` in `directory` that runs it the first time and, every time after, exits with
/// status 3 before it asks for work: a function whose new processes cannot start (a broken rebuild, a lost library).
@discardableResult
func startsOnlyOnce(_ product: String, in directory: URL) throws -> String {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let script = directory.appendingPathComponent(product)
    let marker = directory.appendingPathComponent("\(product).started").path
    let text = """
        #!/bin/sh
        [ "$1" = probe ] && exit 0
        [ -e '\(marker)' ] && { echo 'cannot start' >&2; exit 3; }
        : > '\(marker)'
        exec '\(ChildFunction.productsDirectory.appendingPathComponent(product).path)'
        """
    // Written through a close-on-exec descriptor: a child that other tests spawn meanwhile would otherwise keep the
    // file open for writing, and executing it would fail with ETXTBSY ("Text file busy").
    let descriptor = open(script.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    // A child forked in the instant the file was open still holds it until it execs: wait until the script runs.
    for _ in 1...100 {
        let probe = Process()
        probe.executableURL = script
        probe.arguments = ["probe"]
        if (try? probe.run()) != nil {
            probe.waitUntilExit()
            if probe.terminationStatus == 0 { break }
        }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return script.path
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
        // The failed invocation is answered before the host logs the restart: the next answer comes after both.
        #expect(await host.invoke(Array("{}".utf8)) == .response(Array("{}".utf8)))
        #expect(console.lines.contains { $0 == "[EchoFunction] process exited with status 4; starting a new one in 1 s" })
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

    @Test("a function whose new processes die before asking for work is given up after three in a row, and stays down")
    func cannotRestart() async throws {
        let console = ConsoleCapture()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("once-\(UUID().uuidString)")
        let host = try echoHost(console, executable: try startsOnlyOnce("EchoFunction", in: directory))
        defer { host.stop() }
        kill(host.currentProcess.pid, SIGKILL)
        #expect(await console.waitFor("[EchoFunction] process exited with status 3; 3 processes in a row ended before asking for work: not starting another", timeout: 20))
        let restarts = console.lines.filter { $0.hasPrefix("[EchoFunction] process") }
        #expect(restarts == [
            "[EchoFunction] process killed by signal 9 (SIGKILL); starting a new one",
            "[EchoFunction] process exited with status 3; starting a new one in 1 s",
            "[EchoFunction] process exited with status 3; starting a new one in 2 s",
            "[EchoFunction] process exited with status 3; 3 processes in a row ended before asking for work: not starting another",
        ])
        #expect(console.lines.filter { $0 == "[EchoFunction] cannot start" }.count == 3)
        #expect(await eventually(timeout: 5) {
            host.failure == .functionCannotRestart("EchoFunction", "3 processes in a row ended before asking for work, the last one exited with status 3")
        })
        // What waits for the function fails at once, not at its timeout; no other process is started.
        #expect(await host.invoke(Array("{}".utf8)) == .serverStopped)
        try await Task.sleep(for: .seconds(1))
        #expect(!host.currentProcess.isRunning && console.lines.filter { $0.hasPrefix("[EchoFunction] process") }.count == 4)
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
