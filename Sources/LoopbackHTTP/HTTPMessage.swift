/// One HTTP/1.1 request or response as read off the wire.
///
/// For a request the start line is `method target HTTP/1.1`; for a response `HTTP/1.1 status reason`.
public struct HTTPMessage: Sendable {
    /// The three parts of the start line.
    public var startLine: (String, String, String)
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The fields after a chunked body (empty for any other body).
    public var trailers: HTTPHeaders

    public init(startLine: (String, String, String), headers: HTTPHeaders, body: [UInt8], trailers: HTTPHeaders = HTTPHeaders()) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
        self.trailers = trailers
    }

    /// The request method (`GET`, `POST`, …).
    public var method: String { startLine.0 }
    /// The request target (path and query).
    public var target: String { startLine.1 }
    /// The response status code, or 0 when the start line is not a response's.
    public var status: Int { Int(startLine.1) ?? 0 }

    /// True when the peer asked to close the connection after this message.
    public var wantsClose: Bool {
        headers["Connection"].map { $0.lowercased().contains("close") } ?? false
    }
}
