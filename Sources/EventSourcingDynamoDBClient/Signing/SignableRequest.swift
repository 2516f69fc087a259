/// The parts of an HTTP request that Signature Version 4 covers.
public struct SignableRequest: Sendable {
    public var method: String
    /// The path, not yet percent-encoded (`/` for DynamoDB).
    public var path: String
    public var query: [(name: String, value: String)]
    /// Header fields; `host` must be among them.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

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

    /// The value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}
