#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Entry points for a function's `main.swift`.
///
/// ```swift
/// Lambda.run { context in
///     let table = try context.environment.required("EVENTS_TABLE")
///     return MyHandler(table: table)
/// }
/// ```
///
/// The loop runs on the main thread from the first instruction: no hop through Swift's global pool and no
/// other thread, unless the handler itself starts one. The main thread never gives itself up to Dispatch
/// (that costs a stack unwind, which in a static executable sorts every frame descriptor: ~6 ms of CPU), so
/// the main actor's queue is not served: handlers must not depend on `@MainActor` code.
public enum Lambda {
    /// Lambda's limit on a buffered response, in bytes (6 MB and a little).
    public static let maxResponseBytes = 6_291_556

    /// Runs a raw-bytes handler made by `initialize`; exits 1 when the loop ends.
    public static func run<Handler: LambdaHandler>(
        _ initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) -> Never {
        start(LambdaRuntime(initialize: initialize))
    }

    /// Runs a Codable handler made by `initialize`; exits 1 when the loop ends.
    public static func run<Handler: LambdaCodableHandler>(
        _ initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) -> Never {
        start(LambdaRuntime { CodableHandlerAdapter(try await initialize($0)) })
    }

    /// Runs a streaming handler made by `initialize`; exits 1 when the loop ends.
    public static func run<Handler: LambdaStreamingHandler>(
        _ initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) -> Never {
        start(LambdaRuntime(initialize: initialize))
    }

    private static func start<H>(_ runtime: LambdaRuntime<H>) -> Never {
        restoreTerminationSignals()
        let executor = RuntimeThreadExecutor(startThread: false)
        Task(executorPreference: executor) {
            let reason = await runtime.loop()
            if case .missingRuntimeAPI = reason {
                let line = Array("error: \(reason)\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            }
            exit(1)
        }
        executor.runJobs()
        exit(1)
    }

    /// A parent may start us with SIGTERM and SIGINT blocked (a Dispatch thread's mask is inherited across
    /// exec): unblock them, so that the platform, `scripts/dev` or Ctrl-C can always stop the function.
    private static func restoreTerminationSignals() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }
}
