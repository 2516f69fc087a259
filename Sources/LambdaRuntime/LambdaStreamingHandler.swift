/// Handles one invocation by writing its response: as a stream of chunks, each sent as soon as it is written, or
/// in one piece.
///
/// Contract: a handler is called for one invocation at a time per loop (several at once under
/// `AWS_LAMBDA_MAX_CONCURRENCY`, hence `Sendable`). What it writes is streamed to the caller; the response ends
/// when the handler returns or calls `finish()` (after which it may go on working, before the next event). If it
/// throws before writing anything, the error is reported as a buffered handler's would be; after the first byte,
/// it is reported in the stream's trailers (the caller has the bytes already); after the response, it is logged.
public protocol LambdaStreamingHandler: Sendable {
    /// Answers `event` through `response`.
    func handle(_ event: [UInt8], response: LambdaResponseWriter, context: LambdaContext) async throws
}

/// A streaming handler made from a closure.
public struct ClosureStreamingHandler: LambdaStreamingHandler {
    private let body: @Sendable ([UInt8], LambdaResponseWriter, LambdaContext) async throws -> Void

    /// A handler that runs `body` for each invocation.
    public init(_ body: @escaping @Sendable ([UInt8], LambdaResponseWriter, LambdaContext) async throws -> Void) {
        self.body = body
    }

    /// Runs the closure.
    public func handle(_ event: [UInt8], response: LambdaResponseWriter, context: LambdaContext) async throws {
        try await body(event, response, context)
    }
}
