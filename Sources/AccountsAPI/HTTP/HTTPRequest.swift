import LambdaEvents

/// A request as the API sees it, whichever API Gateway payload format it came in.
public struct HTTPRequest: Sendable {
    /// Which payload format to answer in.
    public enum Format: Sendable { case httpAPI, restAPI }

    public var format: Format
    public var method: String
    public var path: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var query: [String: String]
    public var body: [UInt8]
    public var requestID: String
    /// The JWT claims an authorizer established, if any.
    public var claims: [String: String]

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

    /// From an HTTP API (2.0) event; a body flagged base64 that does not decode is `invalid_request`.
    public init(_ event: APIGatewayV2Request) throws(APIError) {
        guard let body = event.body == nil ? [] : event.bodyBytes else { throw .invalidRequest("the body is not valid base64") }
        self.init(
            format: .httpAPI, method: event.method, path: event.rawPath, headers: event.headers ?? [:],
            query: event.queryStringParameters ?? [:], body: body, requestID: event.requestContext.requestId,
            claims: event.requestContext.authorizer?.jwt?.claims ?? [:])
    }

    /// From a REST API (1.0) proxy event.
    public init(_ event: APIGatewayRequest) throws(APIError) {
        guard let body = event.body == nil ? [] : event.bodyBytes else { throw .invalidRequest("the body is not valid base64") }
        var headers = event.multiValueHeaders?.mapValues { $0.joined(separator: ",") } ?? [:]
        headers.merge(event.headers ?? [:]) { _, single in single }
        self.init(
            format: .restAPI, method: event.httpMethod, path: event.path, headers: headers,
            query: event.queryStringParameters ?? [:], body: body, requestID: event.requestContext.requestId ?? "",
            claims: event.authorizerClaims ?? [:])
    }

    /// A header's value (names compared without case).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// What the API answers.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]
    /// Why a 5xx happened, for the access log only; never sent.
    public var cause: String?

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

    /// The error's response.
    public init(_ error: APIError) {
        self = .json(error.status, error.body, headers: error.headers)
        cause = error.cause
    }

    public var apiGatewayV2: APIGatewayV2Response {
        APIGatewayV2Response(statusCode: status, headers: headers, body: body)
    }

    public var apiGatewayV1: APIGatewayResponse {
        APIGatewayResponse(statusCode: status, headers: headers, body: body)
    }
}
