/// The Lambda custom-runtime loop: initialise once, then `/next` → handler → `/response` (or `/error`) forever.
///
/// `run()` returns only when the process should end: configuration or initialisation failed (after posting
/// `/runtime/init/error`), or the Runtime API failed (a 500, or a connection lost beyond the bounded retries).
/// `Lambda.run` turns that into an exit status; tests call `run()` directly.
///
/// With `AWS_LAMBDA_MAX_CONCURRENCY=N` above 1 (Lambda Managed Instances), N loops serve invocations at once, each on
/// a thread and a connection of its own, sharing the handler; each invocation has its own context. Then
/// `_X_AMZN_TRACE_ID` is not set (one process environment cannot hold N trace ids: the context has it), logs are
/// JSON, and the first loop to end ends `run()`.
public struct LambdaRuntime<Handler: Sendable>: Sendable {
    /// Why the loop ended.
    public enum Exit: Sendable, CustomStringConvertible {
        /// `AWS_LAMBDA_RUNTIME_API` is not set: there is nobody to report to.
        case missingRuntimeAPI
        /// Initialisation threw; the error was posted to `/runtime/init/error`.
        case initializationFailed(type: String, message: String)
        /// The Runtime API answered 500, or could not be reached.
        case runtimeAPIFailed(RuntimeAPIError)

        /// What ended the loop, in a sentence.
        public var description: String {
            switch self {
            case .missingRuntimeAPI:
                "AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda bootstrap and must run under the Lambda Runtime API (or scripts/dev locally)"
            case .initializationFailed(let type, let message): "initialisation failed (\(type)): \(message)"
            case .runtimeAPIFailed(let error): error.description
            }
        }
    }

    /// Lambda's limit on a buffered response, in bytes.
    public static var maxResponseBytes: Int { Lambda.maxResponseBytes }

    /// How a loop answers one invocation: runs the handler, then posts its response or its error.
    typealias Answer = @Sendable (Handler, Invocation, LambdaContext, ResponseStream) async throws(RuntimeAPIError) -> Void

    private let environment: LambdaEnvironment
    private let initialize: @Sendable (LambdaInitContext) async throws -> Handler
    private let answer: Answer

    /// A runtime for a handler that returns its whole response.
    /// - Parameters:
    ///   - environment: where configuration comes from (the process environment by default).
    ///   - initialize: runs once before the first `/next`; what it throws is reported as an init error.
    public init(
        environment: LambdaEnvironment = .process,
        initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) where Handler: LambdaHandler {
        self.init(environment, initialize) { (handler, invocation, context, stream) async throws(RuntimeAPIError) in
            try await Self.answerBuffered(handler, invocation, context, stream)
        }
    }

    /// A runtime for a handler that writes its response, streamed or whole; parameters as above.
    public init(
        environment: LambdaEnvironment = .process,
        initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) where Handler: LambdaStreamingHandler {
        self.init(environment, initialize) { (handler, invocation, context, stream) async throws(RuntimeAPIError) in
            try await Self.answerStreaming(handler, invocation, context, stream)
        }
    }

    private init(
        _ environment: LambdaEnvironment, _ initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler,
        answer: @escaping Answer
    ) {
        self.environment = environment
        self.initialize = initialize
        self.answer = answer
    }

    /// Runs the loop on a dedicated thread until the process should end.
    public func run() async -> Exit {
        let executor = RuntimeThreadExecutor()
        defer { executor.shutdown() }
        return await withTaskExecutorPreference(executor) { await loop() }
    }

    /// The loop itself, on whatever executor the caller prefers.
    func loop() async -> Exit {
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"] else { return .missingRuntimeAPI }
        let concurrency = Result { () throws(ConfigurationError) in try Self.concurrency(in: environment) }
        let managedInstance = ((try? concurrency.get()) ?? 1) > 1
        let logger = LambdaLogger(environment: environment, format: managedInstance ? .json : nil)
        let client: RuntimeAPIClient
        do {
            client = try RuntimeAPIClient(endpoint: endpoint)
        } catch {
            return .runtimeAPIFailed(error)
        }
        let function = FunctionMetadata(environment: environment)
        let handler: Handler
        let loops: Int
        do {
            loops = try concurrency.get()
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
        guard loops > 1 else {
            return await serve(handler, client: client, logger: logger, function: function, traceID: TraceIDVariable())
        }
        return await withCheckedContinuation { continuation in
            let first = FirstExit(continuation)
            for _ in 0..<loops {
                let executor = RuntimeThreadExecutor()
                Task(executorPreference: executor) {
                    let exit = await serve(handler, client: client.sibling(), logger: logger, function: function, traceID: nil)
                    executor.shutdown()
                    first.resume(with: exit)
                }
            }
        }
    }

    /// `AWS_LAMBDA_MAX_CONCURRENCY`: how many loops to run (1 when unset).
    private static func concurrency(in environment: LambdaEnvironment) throws(ConfigurationError) -> Int {
        guard let text = environment["AWS_LAMBDA_MAX_CONCURRENCY"] else { return 1 }
        guard let value = Int(text), (1...1024).contains(value) else {
            throw .invalid("AWS_LAMBDA_MAX_CONCURRENCY", reason: "must be a whole number from 1 to 1024")
        }
        return value
    }

    /// One loop: `/next`, the handler, the answer, the work after it; until the Runtime API fails.
    private func serve(
        _ handler: Handler, client: RuntimeAPIClient, logger: LambdaLogger, function: FunctionMetadata,
        traceID: TraceIDVariable?
    ) async -> Exit {
        let stream = ResponseStream(client: client)
        let deferredWork = DeferredWork()
        var number: UInt64 = 0
        while true {
            do throws(RuntimeAPIError) {
                let invocation = try client.next()
                traceID?.set(invocation.traceID)
                let context = LambdaContext(
                    requestID: invocation.requestID, deadlineMilliseconds: invocation.deadlineMilliseconds,
                    invokedFunctionARN: invocation.invokedFunctionARN, traceID: invocation.traceID,
                    clientContext: invocation.clientContext, cognitoIdentity: invocation.cognitoIdentity,
                    tenantID: invocation.tenantID, function: function, logger: logger, deferredWork: deferredWork,
                    invocationNumber: number)
                try await answer(handler, invocation, context, stream)
                await deferredWork.run(for: number, logger: context.logger)
                number &+= 1
            } catch {
                logger.fatal("runtime stopping: \(error)")
                return .runtimeAPIFailed(error)
            }
        }
    }
}

extension LambdaRuntime where Handler: LambdaHandler {
    /// The handler's output goes to `/response` in one piece, its error to `/error`.
    static func answerBuffered(
        _ handler: Handler, _ invocation: Invocation, _ context: LambdaContext, _ stream: ResponseStream
    ) async throws(RuntimeAPIError) {
        let client = stream.client
        let outcome: RuntimeAPIClient.PostOutcome
        do {
            let output = try await handler.handle(invocation.event, context: context)
            guard output.count <= Lambda.maxResponseBytes else {
                throw InvocationError.responseTooLarge(size: output.count, limit: Lambda.maxResponseBytes)
            }
            outcome = try client.postResponse(requestID: invocation.requestID, body: output)
        } catch let error as RuntimeAPIError {
            throw error
        } catch {
            outcome = try client.reportFailure(error, requestID: invocation.requestID, logger: context.logger)
        }
        outcome.log(to: context.logger)
    }
}

extension LambdaRuntime where Handler: LambdaStreamingHandler {
    /// The handler writes; what it leaves unfinished, or throws, is settled when it returns.
    static func answerStreaming(
        _ handler: Handler, _ invocation: Invocation, _ context: LambdaContext, _ stream: ResponseStream
    ) async throws(RuntimeAPIError) {
        let writer = LambdaResponseWriter(stream: stream, invocation: context.invocationNumber, requestID: invocation.requestID)
        var failure: (any Error)?
        do {
            try await handler.handle(invocation.event, response: writer, context: context)
        } catch {
            failure = error
        }
        try stream.complete(invocation: context.invocationNumber, requestID: invocation.requestID, failure: failure, logger: context.logger)
    }
}
