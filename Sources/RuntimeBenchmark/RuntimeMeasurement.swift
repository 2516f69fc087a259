import EventSourcingLocalEnvironment
import EventSourcingLocalRuntimeAPI
import Foundation

/// The figures measured for one runtime client.
struct RuntimeFigures {
    var execToFirstNext = Sample()
    var execToFirstResponse = Sample()
    var warm = Sample()
    /// CPU time the client used over the warm invocations, and how many there were.
    var warmCPUNanoseconds: UInt64 = 0
    var warmInvocations = 0
    /// Whether the client streams a response (an event with `"stream": [...]`); the figures for those if it does.
    var streams = false
    var streamed = Sample()
    var streamedCPUNanoseconds: UInt64 = 0
    var streamedInvocations = 0
    var idleFreshConnection = 0.0
    var idleAfterInvocation = 0.0
    var maxResidentBytes = 0
    var binaryBytes: Int?
}

/// A runtime kept running between warm rounds.
struct WarmInstance {
    let server: RuntimeAPIServer
    let child: ChildProcess
}

/// Runs one runtime client through every measurement against a local Runtime API server.
struct RuntimeMeasurement {
    let name: String
    let command: [String]
    let environment: [String: String]
    let event = Array(#"{"hello":"world","n":42}"#.utf8)
    /// Answered as a stream of three chunks by a client that can stream (EchoFunction, the C floor).
    let streamEvent = Array(#"{"stream":["hello","streamed","world"]}"#.utf8)
    let streamChunks = ["hello", "streamed", "world"].map { Array($0.utf8) }

    private func start(_ server: RuntimeAPIServer) throws -> ChildProcess {
        var variables = environment
        variables["AWS_LAMBDA_RUNTIME_API"] = server.endpoint
        return try ChildProcess(name: name, executable: command[0], arguments: Array(command.dropFirst()), environment: variables, output: .discarded)
    }

    private func expectEcho(_ result: InvocationResult) throws {
        guard let body = result.responseBody,
              (try? JSONSerialization.jsonObject(with: Data(body)) as? NSDictionary) == (try JSONSerialization.jsonObject(with: Data(event)) as? NSDictionary)
        else { throw BenchmarkError("\(name) did not echo the event: \(result)") }
    }

    /// Exec → first `/next`, and exec → first response, of one fresh process.
    func coldStart(into figures: inout RuntimeFigures) throws {
        let server = try RuntimeAPIServer()
        let child = try start(server)
        let result = server.invokeBlocking(event, timeout: .seconds(20))
        let answeredAt = DispatchTime.now().uptimeNanoseconds
        defer {
            child.stop()
            server.shutdown()
        }
        try expectEcho(result)
        guard let firstNext = server.firstNextUptimeNanoseconds else { throw BenchmarkError("\(name) never called /next") }
        figures.execToFirstNext.add(Double(firstNext - child.spawnedUptimeNanoseconds) / 1e6)
        figures.execToFirstResponse.add(Double(answeredAt - child.spawnedUptimeNanoseconds) / 1e6)
    }

    /// A long-lived instance for warm measurements: started, its idle CPU on the fresh connection measured,
    /// then warmed up with 200 invocations (and 200 streamed ones, if it streams).
    func startWarm(idleSeconds: Double, into figures: inout RuntimeFigures) throws -> WarmInstance {
        let server = try RuntimeAPIServer()
        let child = try start(server)
        while server.firstNextUptimeNanoseconds == nil { usleep(1_000) }
        figures.idleFreshConnection = idle(child, seconds: idleSeconds)
        for _ in 0..<200 { try expectEcho(server.invokeBlocking(event)) }
        figures.streams = server.invokeBlocking(streamEvent).isStream(of: streamChunks)
        if figures.streams { for _ in 0..<200 { _ = server.invokeBlocking(streamEvent) } }
        return WarmInstance(server: server, child: child)
    }

    /// `count` warm round trips, timed one by one; then as many streamed ones, if the client streams.
    func warmRound(_ instance: WarmInstance, count: Int, into figures: inout RuntimeFigures) throws {
        try timeRoundTrips(instance, count: count, into: &figures.warm, cpu: &figures.warmCPUNanoseconds) { result in
            result.responseBody != nil
        }
        figures.warmInvocations += count
        guard figures.streams else { return }
        try timeRoundTrips(instance, count: count, event: streamEvent, into: &figures.streamed, cpu: &figures.streamedCPUNanoseconds) { result in
            result.isStream(of: streamChunks)
        }
        figures.streamedInvocations += count
    }

    private func timeRoundTrips(
        _ instance: WarmInstance, count: Int, event: [UInt8]? = nil, into sample: inout Sample, cpu: inout UInt64,
        expecting answered: (InvocationResult) -> Bool
    ) throws {
        let cpuBefore = instance.child.cpuNanoseconds
        defer { cpu += instance.child.cpuNanoseconds - cpuBefore }
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = instance.server.invokeBlocking(event ?? self.event)
            sample.add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
            guard answered(result) else { throw BenchmarkError("\(name) failed an invocation: \(result)") }
        }
    }

    /// Idle CPU after the invocations, peak RSS, then the instance is stopped.
    func finishWarm(_ instance: WarmInstance, idleSeconds: Double, into figures: inout RuntimeFigures) {
        figures.idleAfterInvocation = idle(instance.child, seconds: idleSeconds)
        figures.maxResidentBytes = instance.child.maxResidentBytes
        instance.child.kill()
        instance.server.shutdown()
    }

    /// CPU seconds the child burns in `seconds` of waiting on `/next`.
    private func idle(_ child: ChildProcess, seconds: Double) -> Double {
        usleep(100_000)
        let before = child.cpuNanoseconds
        usleep(useconds_t(seconds * 1e6))
        return Double(child.cpuNanoseconds - before) / 1e9
    }
}

extension InvocationResult {
    /// True for a response streamed to its end in exactly these chunks.
    func isStream(of chunks: [[UInt8]]) -> Bool {
        guard case .streamed(let response) = self else { return false }
        return response.failure == nil && response.chunks == chunks
    }
}

extension ChildProcess {
    /// SIGKILL, and wait until it is gone: a runtime under measurement has nothing to finish.
    func kill() {
        signal(SIGKILL)
        wait(timeout: 5)
    }
}
