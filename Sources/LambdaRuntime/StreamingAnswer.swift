/// A `LambdaStreamingHandler` writes through a `LambdaResponseWriter`; what it leaves unfinished, or throws, is
/// settled when it returns (`ResponseStream.complete`).
enum StreamingAnswer<Handler: LambdaStreamingHandler>: InvocationAnswering {
    static func answer(
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
