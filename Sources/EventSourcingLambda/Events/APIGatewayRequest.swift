import EventSourcing

/// An API Gateway REST API proxy request (payload format 1.0). Many fields may be null.
public struct APIGatewayRequest: Codable, Sendable, Equatable {
    public struct RequestContext: Codable, Sendable, Equatable {
        public var accountId: String?
        public var apiId: String?
        public var domainName: String?
        public var extendedRequestId: String?
        public var `protocol`: String?
        public var requestTime: String?
        public var resourceId: String?
        public var resourcePath: String?
        public var stage: String?
        public var requestId: String?
        public var httpMethod: String?
        public var path: String?
        public var requestTimeEpoch: Int64?
        public var identity: [String: JSON]?
        /// For a Cognito authorizer, `claims` holds the token's claims.
        public var authorizer: [String: JSON]?
    }

    public var resource: String?
    public var path: String
    public var httpMethod: String
    public var headers: [String: String]?
    public var multiValueHeaders: [String: [String]]?
    public var queryStringParameters: [String: String]?
    public var multiValueQueryStringParameters: [String: [String]]?
    public var pathParameters: [String: String]?
    public var stageVariables: [String: String]?
    public var requestContext: RequestContext
    public var body: String?
    public var isBase64Encoded: Bool?

    /// A header's value, whatever the case of its name.
    public func header(_ name: String) -> String? {
        headers?.value(forHTTPField: name)
            ?? multiValueHeaders?.mapValues { $0.joined(separator: ",") }.value(forHTTPField: name)
    }

    /// The body bytes, base64-decoded when flagged; nil when there is no body or its base64 is invalid.
    public var bodyBytes: [UInt8]? { decodeBody(body, isBase64Encoded: isBase64Encoded ?? false) }

    /// The claims of a Cognito or JWT authorizer, as text.
    public var authorizerClaims: [String: String]? {
        guard case .object(let claims)? = requestContext.authorizer?["claims"] else { return nil }
        return claims.compactMapValues(\.text)
    }
}

/// An API Gateway REST API proxy response (payload format 1.0).
public struct APIGatewayResponse: Codable, Sendable, Equatable {
    public var statusCode: Int
    public var headers: [String: String]?
    public var multiValueHeaders: [String: [String]]?
    public var body: String
    public var isBase64Encoded: Bool

    /// A response whose body is sent as text when it is UTF-8 and as base64 otherwise.
    public init(statusCode: Int, headers: [String: String]? = nil, multiValueHeaders: [String: [String]]? = nil, body: [UInt8] = []) {
        self.statusCode = statusCode
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        (self.body, self.isBase64Encoded) = encodeBody(body)
    }
}
