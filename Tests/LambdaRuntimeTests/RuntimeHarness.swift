import Foundation
import LambdaRuntime
import LocalRuntimeAPI

/// Runs a `LambdaRuntime` in-process against a fresh local Runtime API server.
struct RuntimeHarness {
    let server: RuntimeAPIServer
    let run: Task<LambdaRuntime<AnyHandler>.Exit, Never>

    init(
        serverConfiguration: RuntimeAPIServer.Configuration = .init(),
        environment extra: [String: String] = [:],
        initialize: @escaping @Sendable (LambdaInitContext) async throws -> any LambdaHandler
    ) throws {
        let server = try RuntimeAPIServer(serverConfiguration)
        var variables = ["AWS_LAMBDA_RUNTIME_API": server.endpoint, "AWS_LAMBDA_FUNCTION_NAME": "harness"]
        variables.merge(extra) { $1 }
        let runtime = LambdaRuntime(environment: LambdaEnvironment(variables)) { context in
            AnyHandler(try await initialize(context))
        }
        self.server = server
        self.run = Task { await runtime.run() }
    }

    /// Invokes with a UTF-8 string event.
    func invoke(_ event: String, timeout: Duration = .seconds(10)) async -> InvocationResult {
        await server.invoke(Array(event.utf8), timeout: timeout)
    }

    /// Stops the server and waits for the runtime loop to end.
    func stop() async -> LambdaRuntime<AnyHandler>.Exit {
        server.shutdown()
        return await run.value
    }
}

/// Erases a handler's type so that one harness serves them all.
struct AnyHandler: LambdaHandler {
    let base: any LambdaHandler
    init(_ base: any LambdaHandler) { self.base = base }
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        try await base.handle(event, context: context)
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
}
