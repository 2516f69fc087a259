/// What a caller of `invoke` learns while a response streams in, on the server's connection thread, in order.
public enum ResponseStreamEvent: Sendable, Equatable {
    /// The runtime began a streamed response with this `Content-Type`.
    case started(contentType: String?)
    /// The next chunk.
    case chunk([UInt8])
}
