/// What `LambdaRuntime` runs: initialise once, then one loop (or `AWS_LAMBDA_MAX_CONCURRENCY` loops) of `/next` →
/// handler → answer → work after the response, until the Runtime API fails.
struct RuntimeLoop<Answer: InvocationAnswering>: Sendable {
    let environment: LambdaEnvironment
    let initialize: @Sendable (LambdaInitContext) async throws -> Answer.Handler

    /// Runs until the process should end; on the caller's executor with one loop, on a thread each with several.
    func run() async -> LambdaRuntimeExit {
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"] else { return .missingRuntimeAPI }
        // Not a `Result`: its metadata, looked up at run time with its `Error` conformance, costs a quarter of the
        // instructions from exec to the first `/next`.
        var loops = 1
        var concurrencyError: ConfigurationError?
        do {
            loops = try Self.concurrency(in: environment)
        } catch {
            concurrencyError = error
        }
        let logger = LambdaLogger(environment: environment, format: loops > 1 ? .json : nil)
        let client: RuntimeAPIClient
        do {
            client = try RuntimeAPIClient(endpoint: endpoint)
        } catch {
            return .runtimeAPIFailed(error)
        }
        let function = FunctionMetadata(environment: environment)
        let handler: Answer.Handler
        do {
            if let concurrencyError { throw concurrencyError }
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
        return await serve(handler, loops: loops, client: client, logger: logger, function: function)
    }

    /// `loops` loops at once, each on a thread of its own; the first to end ends them all. Apart, so that the single
    /// loop does not pay for what this needs at run time (the continuation's metadata and its `Never: Error`
    /// conformance, looked up among every conformance in the binary).
    @inline(never)
    private func serve(
        _ handler: Answer.Handler, loops: Int, client: RuntimeAPIClient, logger: LambdaLogger, function: FunctionMetadata
    ) async -> LambdaRuntimeExit {
        await withCheckedContinuation { continuation in
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
        _ handler: Answer.Handler, client: RuntimeAPIClient, logger: LambdaLogger, function: FunctionMetadata,
        traceID: TraceIDVariable?
    ) async -> LambdaRuntimeExit {
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
                try await Answer.answer(handler, invocation, context, stream)
                // Most invocations leave no work: that is settled without another async call.
                if let work = deferredWork.takeOrClose(number) {
                    await deferredWork.run(work, for: number, logger: context.logger)
                }
                number &+= 1
            } catch {
                logger.fatal("runtime stopping: \(error)")
                return .runtimeAPIFailed(error)
            }
        }
    }
}
