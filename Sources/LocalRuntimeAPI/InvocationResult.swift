/// How an invocation ended, as the local Runtime API saw it.
public enum InvocationResult: Sendable, Equatable {
    /// The runtime posted `/response` with this body.
    case response([UInt8])
    /// The runtime streamed its response to the end (with an error in the trailers, or not).
    case streamed(StreamedResponse)
    /// The runtime posted `/error`: the `Lambda-Runtime-Function-Error-Type` header and the JSON body.
    case error(type: String, body: [UInt8])
    /// The runtime posted a response over the size limit, or streamed one past the streamed limit (`size`: what had
    /// arrived then); the server answered 413 and failed the invocation.
    case responseTooLarge(size: Int)
    /// No answer came before the deadline.
    case timedOut
    /// The server stopped before an answer came.
    case serverStopped

    /// The response body, buffered or streamed to its end without an error; nil for any other outcome.
    public var responseBody: [UInt8]? {
        switch self {
        case .response(let body): body
        case .streamed(let response) where response.failure == nil: response.body
        default: nil
        }
    }
}

/// An error a runtime posted to `/runtime/init/error`.
public struct RecordedInitError: Sendable, Equatable {
    public var type: String
    public var body: [UInt8]

    public init(type: String, body: [UInt8]) {
        self.type = type
        self.body = body
    }
}
