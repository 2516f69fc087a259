/// What the API answers.
public struct HTTPResponse: Sendable, Equatable {
    /// The status.
    public var status: Int
    /// Headers.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]
    /// Why a 5xx happened, for the access log only; never sent.
    public var cause: String?

    /// A response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], cause: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.cause = cause
    }

    /// A JSON response.
    public static func json(_ status: Int, _ body: [UInt8], headers: [String: String] = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: body)
    }

    /// The error's response (its cause kept for the log).
    public init(_ error: APIError) {
        self = .json(error.status, error.body, headers: error.headers)
        cause = error.cause
    }
}
