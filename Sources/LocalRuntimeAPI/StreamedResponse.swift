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
    public var body: [UInt8] { Array(chunks.joined()) }
}

/// What a caller of `invoke` learns while a response streams in, on the server's connection thread, in order.
public enum ResponseStreamEvent: Sendable, Equatable {
    /// The runtime began a streamed response with this `Content-Type`.
    case started(contentType: String?)
    /// The next chunk.
    case chunk([UInt8])
}

/// One request the server received, for tests that check what happened when.
public struct RecordedRequest: Sendable, Equatable {
    /// `GET`, `POST`, …
    public var method: String
    /// The request target.
    public var target: String
    /// Which connection it came on: 1 for the first the server accepted, and so on.
    public var connection: Int
    /// When its head had arrived (the body of a streamed response arrives after), on the `DispatchTime` clock.
    public var receivedUptimeNanoseconds: UInt64
    /// When the server had all of it and had settled its answer, about to send it (for `/next`: when it had handed
    /// an event out), same clock.
    public var handledUptimeNanoseconds: UInt64
}
