#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The Lambda custom-runtime loop: initialise once, then `/next` → handler → `/response` (or `/error`) forever.
///
/// `run()` returns only when the process should end: configuration or initialisation failed (after posting
/// `/runtime/init/error`), or the Runtime API failed (a 500, or a connection lost beyond the bounded retries).
/// `Lambda.run` turns that into an exit status; tests call `run()` directly.
public struct LambdaRuntime<Handler: LambdaHandler>: Sendable {
    /// Why the loop ended.
    public enum Exit: Sendable, CustomStringConvertible {
        /// `AWS_LAMBDA_RUNTIME_API` is not set: there is nobody to report to.
        case missingRuntimeAPI
        /// Initialisation threw; the error was posted to `/runtime/init/error`.
        case initializationFailed(type: String, message: String)
        case runtimeAPIFailed(RuntimeAPIError)

        public var description: String {
            switch self {
            case .missingRuntimeAPI:
                "AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda bootstrap and must run under the Lambda Runtime API (or scripts/dev locally)"
            case .initializationFailed(let type, let message): "initialisation failed (\(type)): \(message)"
            case .runtimeAPIFailed(let error): error.description
            }
        }
    }

    /// Lambda's limit on a synchronous response, in bytes.
    public static var maxResponseBytes: Int { 6_291_556 }

    private let environment: LambdaEnvironment
    private let initialize: @Sendable (LambdaInitContext) async throws -> Handler

    /// - Parameters:
    ///   - environment: where configuration comes from (the process environment by default).
    ///   - initialize: runs once before the first `/next`; what it throws is reported as an init error.
    public init(
        environment: LambdaEnvironment = .process,
        initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) {
        self.environment = environment
        self.initialize = initialize
    }

    /// Runs the loop on a dedicated thread until the process should end.
    public func run() async -> Exit {
        let executor = RuntimeThreadExecutor()
        defer { executor.shutdown() }
        return await withTaskExecutorPreference(executor) { await loop() }
    }

    /// The loop itself, on whatever executor the caller prefers.
    func loop() async -> Exit {
        let logger = LambdaLogger(environment: environment)
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"] else { return .missingRuntimeAPI }
        let client: RuntimeAPIClient
        do {
            client = try RuntimeAPIClient(endpoint: endpoint)
        } catch {
            return .runtimeAPIFailed(error)
        }
        let function = FunctionMetadata(environment: environment)
        let handler: Handler
        do {
            handler = try await initialize(LambdaInitContext(environment: environment, logger: logger, function: function))
        } catch {
            let report = ErrorReport(error)
            logger.fatal("initialisation failed: \(report.message)", metadata: ["errorType": report.type])
            do {
                _ = try client.postInitError(report: report)
            } catch {
                logger.error("could not post the init error: \(error)")
            }
            return .initializationFailed(type: report.type, message: report.message)
        }
        let traceID = TraceIDVariable()
        while true {
            do {
                try await serveNext(client: client, handler: handler, function: function, logger: logger, traceID: traceID)
            } catch {
                logger.fatal("runtime stopping: \(error)")
                return .runtimeAPIFailed(error)
            }
        }
    }

    private func serveNext(
        client: RuntimeAPIClient, handler: Handler, function: FunctionMetadata, logger: LambdaLogger,
        traceID: TraceIDVariable
    ) async throws(RuntimeAPIError) {
        let invocation = try client.next()
        traceID.set(invocation.traceID)
        let context = LambdaContext(
            requestID: invocation.requestID, deadlineMilliseconds: invocation.deadlineMilliseconds,
            invokedFunctionARN: invocation.invokedFunctionARN, traceID: invocation.traceID,
            clientContext: invocation.clientContext, cognitoIdentity: invocation.cognitoIdentity,
            function: function, logger: logger)
        let outcome: RuntimeAPIClient.PostOutcome
        do {
            let output = try await handler.handle(invocation.event, context: context)
            guard output.count <= Self.maxResponseBytes else {
                throw InvocationError.responseTooLarge(size: output.count, limit: Self.maxResponseBytes)
            }
            outcome = try client.postResponse(requestID: invocation.requestID, body: output)
        } catch let error as RuntimeAPIError {
            throw error
        } catch {
            let report = ErrorReport(error)
            context.logger.error("invocation failed: \(report.message)", metadata: ["errorType": report.type])
            outcome = try client.postError(requestID: invocation.requestID, report: report)
        }
        switch outcome {
        case .accepted: break
        case .tooLarge:
            context.logger.error("the Runtime API refused the response as too large (413); the invocation has failed")
        case .refused(let status):
            context.logger.error("the Runtime API refused the answer with \(status)")
        }
    }
}
