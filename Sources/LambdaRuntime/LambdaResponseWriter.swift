/// Writes one invocation's response, for a `LambdaStreamingHandler`.
///
/// - `write(_:)` sends its bytes at once as a chunk of a streamed response (`Lambda-Runtime-Function-Response-Mode:
///   streaming`), which may be far larger than a buffered response (200 MB today, a soft limit).
/// - `writeHTTPPrelude(statusCode:headers:cookies:)`, first, makes the stream an HTTP response for a function URL:
///   its status, headers and cookies, then the body.
/// - `respond(with:)`, first and alone, sends the whole response in one piece, as a buffered handler's output.
/// - `finish()` ends the response; the handler may go on working, and the runtime waits for it before `/next`.
///
/// A writer belongs to its invocation: once that is over, it only throws `LambdaResponseError.finished`.
public struct LambdaResponseWriter: Sendable {
    let stream: ResponseStream
    let invocation: UInt64
    let requestID: String

    /// Streams `bytes` as the next chunk, sent at once (nothing for empty bytes).
    public func write(_ bytes: [UInt8]) async throws(LambdaResponseError) {
        try stream.write(bytes, invocation: invocation, requestID: requestID)
    }

    /// Streams `text`, UTF-8 encoded, as the next chunk.
    public func write(_ text: String) async throws(LambdaResponseError) {
        try stream.write(Array(text.utf8), invocation: invocation, requestID: requestID)
    }

    /// Starts the stream as an HTTP response (content type `application/vnd.awslambda.http-integration-response`):
    /// a JSON prelude with `statusCode`, `headers` and `cookies`, then 8 NUL bytes; what is written next is the body.
    public func writeHTTPPrelude(statusCode: Int, headers: [String: String] = [:], cookies: [String] = []) async throws(LambdaResponseError) {
        try stream.writePrelude(
            HTTPPrelude(statusCode: statusCode, headers: headers, cookies: cookies), invocation: invocation, requestID: requestID)
    }

    /// Sends `bytes` as the whole response, buffered (at most `LambdaRuntime.maxResponseBytes`), as a
    /// `LambdaHandler` returns it. Only before anything has been streamed.
    public func respond(with bytes: [UInt8]) async throws(LambdaResponseError) {
        try stream.respond(bytes, invocation: invocation, requestID: requestID)
    }

    /// Ends the response (an empty stream if nothing was written) and waits for the Runtime API to take it; the
    /// caller has its answer. Calling it again does nothing.
    public func finish() async throws(LambdaResponseError) {
        try stream.finish(invocation: invocation, requestID: requestID)
    }
}
