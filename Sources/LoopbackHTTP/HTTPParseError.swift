/// A message that is not well-formed HTTP/1.1, or exceeds the reader's limits.
public enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedStartLine
    case malformedHeader
    case invalidContentLength
    case invalidChunk
    case headTooLarge(limit: Int)
    case bodyTooLarge(limit: Int)
    /// The connection ended in the middle of a message.
    case truncated

    public var description: String {
        switch self {
        case .malformedStartLine: "malformed HTTP start line"
        case .malformedHeader: "malformed HTTP header line"
        case .invalidContentLength: "invalid Content-Length"
        case .invalidChunk: "invalid chunked encoding"
        case .headTooLarge(let limit): "HTTP head larger than \(limit) bytes"
        case .bodyTooLarge(let limit): "HTTP body larger than \(limit) bytes"
        case .truncated: "connection closed in the middle of an HTTP message"
        }
    }
}
