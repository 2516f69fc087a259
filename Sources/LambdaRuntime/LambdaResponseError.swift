/// Why a `LambdaResponseWriter` could not write.
public enum LambdaResponseError: Error, Equatable, Sendable, LambdaFunctionError {
    /// The response is complete already (`finish`, `respond(with:)`, an earlier refusal, or its invocation ended).
    case finished
    /// Bytes have been streamed already: an HTTP prelude or a whole response can only come first.
    case streamStarted
    /// A whole response over Lambda's limit for a buffered response; nothing was sent (a stream has no such limit).
    case tooLarge(size: Int, limit: Int)
    /// The Runtime API ended the response with this status before it was complete (413: over the streamed limit).
    case refused(status: Int)
    /// The connection to the Runtime API broke in the middle of the stream.
    case interrupted(String)

    /// `Function.ResponseSizeTooLarge` for `tooLarge`, as for a buffered handler's output; `Runtime.StreamError`
    /// otherwise.
    public var errorType: String {
        if case .tooLarge = self { return InvocationError.responseTooLarge(size: 0, limit: 0).errorType }
        return "Runtime.StreamError"
    }

    /// What went wrong, in a sentence.
    public var errorMessage: String {
        switch self {
        case .finished: "the response is complete: nothing more can be written"
        case .streamStarted: "bytes have been streamed already: a prelude or a whole response must come first"
        case .tooLarge(let size, let limit): InvocationError.responseTooLarge(size: size, limit: limit).errorMessage
        case .refused(let status): "the Runtime API ended the response with status \(status)"
        case .interrupted(let reason): "the streamed response was interrupted: \(reason)"
        }
    }
}
