/// A `LambdaHandler`'s output goes to `/response` in one piece, its error to `/error`.
enum BufferedAnswer<Handler: LambdaHandler>: InvocationAnswering {
    static func answer(
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
