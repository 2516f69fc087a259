/// A message that is not well-formed HTTP/1.1, or exceeds the reader's limits.
public enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedStartLine
    case malformedHeader
    case invalidContentLength
    /// Two `Content-Length` fields with different values: the body's end is ambiguous (RFC 9112 §6.3).
    case conflictingContentLength
    /// `Content-Length` and `Transfer-Encoding` together, refused by a strict reader (RFC 9112 §6.1).
    case contentLengthWithTransferEncoding
    /// A control character (other than a tab in a field value) in the head, refused by a strict reader.
    case controlCharacter(UInt8)
    /// A CR or LF that is not part of a CRLF, refused by a strict reader.
    case bareLineBreak
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
        case .conflictingContentLength: "Content-Length fields with different values"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .controlCharacter(let byte): "control character 0x\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) in the HTTP head"
        case .bareLineBreak: "a bare CR or LF in the HTTP head (lines must end with CRLF)"
        case .invalidChunk: "invalid chunked encoding"
        case .headTooLarge(let limit): "HTTP head larger than \(limit) bytes"
        case .bodyTooLarge(let limit): "HTTP body larger than \(limit) bytes"
        case .truncated: "connection closed in the middle of an HTTP message"
        }
    }
}
