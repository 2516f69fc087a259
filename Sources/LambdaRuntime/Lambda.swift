#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Entry points for a function's `main.swift`.
///
/// ```swift
/// await Lambda.run { context in
///     let table = try context.environment.required("EVENTS_TABLE")
///     return MyHandler(table: table)
/// }
/// ```
public enum Lambda {
    /// Runs a raw-bytes handler made by `initialize`, then exits: 1 when the loop ended.
    public static func run<Handler: LambdaHandler>(
        _ initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) async -> Never {
        exit(with: await LambdaRuntime(initialize: initialize).run())
    }

    /// Runs a Codable handler made by `initialize`, then exits: 1 when the loop ended.
    public static func run<Handler: LambdaCodableHandler>(
        _ initialize: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) async -> Never {
        exit(with: await LambdaRuntime { CodableHandlerAdapter(try await initialize($0)) }.run())
    }

    private static func exit<H>(with reason: LambdaRuntime<H>.Exit) -> Never {
        if case .missingRuntimeAPI = reason {
            let line = Array("error: \(reason)\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        }
        Glibc.exit(1)
    }
}
