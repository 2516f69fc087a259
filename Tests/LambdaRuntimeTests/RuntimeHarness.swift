import EventSourcingLocalRuntimeAPI
import Foundation
import LambdaRuntime
import Synchronization

/// Runs a `LambdaRuntime` in-process against a fresh local Runtime API server.
struct RuntimeHarness<Handler: Sendable> {
    let server: RuntimeAPIServer
    let run: Task<LambdaRuntime<Handler>.Exit, Never>

    /// A harness for a handler that returns its response.
    init(
        serverConfiguration: RuntimeAPIServer.Configuration = .init(),
        environment extra: [String: String] = [:],
        initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) throws where Handler: LambdaHandler {
        let server = try RuntimeAPIServer(serverConfiguration)
        let runtime = LambdaRuntime(environment: Self.environment(server, extra), initialize: initialize)
        self.server = server
        self.run = Task { await runtime.run() }
    }

    /// A harness for a handler that writes its response.
    init(
        serverConfiguration: RuntimeAPIServer.Configuration = .init(),
        environment extra: [String: String] = [:],
        streaming initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) throws where Handler: LambdaStreamingHandler {
        let server = try RuntimeAPIServer(serverConfiguration)
        let runtime = LambdaRuntime(environment: Self.environment(server, extra), initialize: initialize)
        self.server = server
        self.run = Task { await runtime.run() }
    }

    private static func environment(_ server: RuntimeAPIServer, _ extra: [String: String]) -> LambdaEnvironment {
        var variables = ["AWS_LAMBDA_RUNTIME_API": server.endpoint, "AWS_LAMBDA_FUNCTION_NAME": "harness"]
        variables.merge(extra) { $1 }
        return LambdaEnvironment(variables)
    }

    /// Invokes with a UTF-8 string event.
    func invoke(_ event: String, timeout: Duration = .seconds(10)) async -> InvocationResult {
        await server.invoke(Array(event.utf8), timeout: timeout)
    }

    /// Stops the server and waits for the runtime loop to end.
    func stop() async -> LambdaRuntime<Handler>.Exit {
        server.shutdown()
        return await run.value
    }
}

extension InvocationResult {
    /// The response body as text, or nil for another outcome.
    var text: String? { responseBody.map { String(decoding: $0, as: UTF8.self) } }

    /// The `/error` body as a JSON object, or nil for another outcome.
    var errorObject: [String: Any]? {
        guard case .error(_, let body) = self else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    }

    /// The `Lambda-Runtime-Function-Error-Type` of an `/error`, or nil.
    var errorType: String? {
        if case .error(let type, _) = self { return type }
        return nil
    }

    /// The streamed response, or nil for another outcome.
    var streamed: StreamedResponse? {
        if case .streamed(let response) = self { return response }
        return nil
    }
}

/// A one-way gate a task can wait at until something else opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiting = state.withLock { state in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state in
                if !state.open { state.waiting.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }
}

/// Now, on the clock the local Runtime API records requests with.
func uptimeNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
