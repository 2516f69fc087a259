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
    public typealias Exit = LambdaRuntimeExit

    /// Lambda's limit on a buffered response, in bytes.
    public static var maxResponseBytes: Int { Lambda.maxResponseBytes }

    /// The loop, compiled for the kind of handler (`RuntimeLoop<BufferedAnswer<Handler>>` or `…StreamingAnswer…`).
    private let body: @Sendable () async -> Exit

    /// A runtime for a handler that returns its whole response.
    /// - Parameters:
    ///   - environment: where configuration comes from (the process environment by default).
    ///   - initialize: runs once before the first `/next`; what it throws is reported as an init error.
    public init(
        environment: LambdaEnvironment = .process,
        initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) where Handler: LambdaHandler {
        let loop = RuntimeLoop<BufferedAnswer<Handler>>(environment: environment, initialize: initialize)
        body = { await loop.run() }
    }

    /// A runtime for a handler that writes its response, streamed or whole; parameters as above.
    public init(
        environment: LambdaEnvironment = .process,
        initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) where Handler: LambdaStreamingHandler {
        let loop = RuntimeLoop<StreamingAnswer<Handler>>(environment: environment, initialize: initialize)
        body = { await loop.run() }
    }

    /// Runs the loop on a dedicated thread until the process should end.
    public func run() async -> Exit {
        let executor = RuntimeThreadExecutor()
        defer { executor.shutdown() }
        return await withTaskExecutorPreference(executor) { await body() }
    }

    /// The loop itself, on whatever executor the caller prefers.
    func loop() async -> Exit {
        await body()
    }
}
