/// How a loop answers one invocation with its handler: runs it, then posts its response or its error. A type
/// parameter of `RuntimeLoop`, so that the loop is compiled for each kind of handler and calls it directly.
protocol InvocationAnswering: Sendable {
    associatedtype Handler: Sendable

    static func answer(
        _ handler: Handler, _ invocation: Invocation, _ context: LambdaContext, _ stream: ResponseStream
    ) async throws(RuntimeAPIError)
}
