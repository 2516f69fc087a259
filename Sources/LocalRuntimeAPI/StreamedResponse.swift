/// A response a runtime streamed (`Lambda-Runtime-Function-Response-Mode: streaming`) to its end.
public struct StreamedResponse: Sendable, Equatable {
    /// An error the runtime reported in the trailers, after the body had begun.
    public struct Failure: Sendable, Equatable {
        /// `Lambda-Runtime-Function-Error-Type`.
        public var type: String
        /// `Lambda-Runtime-Function-Error-Body`, base64-decoded (empty when it was absent or not base64, as Lambda
        /// leaves it).
        public var body: [UInt8]

        /// A failure of `type` with `body`.
        public init(type: String, body: [UInt8]) {
            self.type = type
            self.body = body
        }
    }

    /// The request's `Content-Type` (`application/vnd.awslambda.http-integration-response` for a function URL's
    /// HTTP response: a JSON prelude, 8 NUL bytes, then the body).
    public var contentType: String?
    /// The chunks, in the order and with the boundaries they arrived with.
    public var chunks: [[UInt8]]
    /// The error after the first byte, if the runtime reported one.
    public var failure: Failure?

    /// A response of `chunks`.
    public init(contentType: String?, chunks: [[UInt8]], failure: Failure? = nil) {
        self.contentType = contentType
        self.chunks = chunks
        self.failure = failure
    }

    /// The chunks, joined.
    public var body: [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        for chunk in chunks { body += chunk }
        return body
    }
}
