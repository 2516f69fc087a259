/// A request as the API sees it, whichever API Gateway payload format it came in.
public struct HTTPRequest: Sendable {
    /// Which payload format to answer in.
    public enum Format: Sendable { case httpAPI, restAPI }

    /// The payload format it came in.
    public var format: Format
    /// The method, upper-case.
    public var method: String
    /// The raw path.
    public var path: String
    /// Header names lower-cased; repeated values comma-joined.
    public var headers: [String: String]
    /// Query parameters, decoded.
    public var query: [String: String]
    /// The body, base64 already decoded.
    public var body: [UInt8]
    /// API Gateway's request id.
    public var requestID: String
    /// The JWT claims an authorizer established, if any.
    public var claims: [String: String]

    /// A request (for tests and other front ends).
    public init(
        format: Format = .httpAPI, method: String, path: String, headers: [String: String] = [:], query: [String: String] = [:],
        body: [UInt8] = [], requestID: String = "", claims: [String: String] = [:]
    ) {
        self.format = format
        self.method = method.uppercased()
        self.path = path
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.query = query
        self.body = body
        self.requestID = requestID
        self.claims = claims
    }

    /// A header's value (names compared without case).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
