/// The parts of an HTTP request that Signature Version 4 covers.
public struct SignableRequest: Sendable {
    /// The HTTP method (`POST` for DynamoDB).
    public var method: String
    /// The path, not yet percent-encoded (`/` for DynamoDB).
    public var path: String
    /// The query parameters, not yet percent-encoded (none for DynamoDB).
    public var query: [(name: String, value: String)]
    /// Header fields; `host` must be among them.
    public var headers: [(name: String, value: String)]
    /// The body, whose SHA-256 the signature covers.
    public var body: [UInt8]

    /// A request to sign; `path` defaults to `/`, the query and the body to empty.
    public init(
        method: String, path: String = "/", query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of a header, compared case-insensitively (header names are ASCII).
    public func header(_ name: String) -> String? {
        headers.first { field in
            field.name.utf8.elementsEqual(name.utf8) { ($0 | 0x20) == ($1 | 0x20) && ($0 == $1 || Self.isLetter($0)) }
        }?.value
    }

    /// True for A–Z and a–z: the bytes that case-insensitive comparison may fold.
    private static func isLetter(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte)
    }
}
