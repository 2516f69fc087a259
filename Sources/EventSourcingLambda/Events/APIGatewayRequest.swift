import EventSourcing

/// An API Gateway REST API proxy request (payload format 1.0). Many fields may be null.
public struct APIGatewayRequest: Codable, Sendable, Equatable {
    /// Where and how the request arrived: the API, stage, identity and authorizer.
    public struct RequestContext: Codable, Sendable, Equatable {
        /// The AWS account that owns the API.
        public var accountId: String?
        /// The API's identifier.
        public var apiId: String?
        /// The domain name the request was sent to.
        public var domainName: String?
        /// API Gateway's extended request identifier.
        public var extendedRequestId: String?
        /// The request's protocol (`HTTP/1.1`).
        public var `protocol`: String?
        /// When the request arrived, as text (`09/Apr/2015:12:34:56 +0000`).
        public var requestTime: String?
        /// The identifier of the API resource that matched.
        public var resourceId: String?
        /// The resource template that matched (`/accounts/{id}`).
        public var resourcePath: String?
        /// The stage the request was sent to.
        public var stage: String?
        /// API Gateway's identifier for the request.
        public var requestId: String?
        /// The HTTP method.
        public var httpMethod: String?
        /// The request's path, stage included.
        public var path: String?
        /// When the request arrived, in milliseconds since the Unix epoch.
        public var requestTimeEpoch: Int64?
        /// What API Gateway knows of the caller (source IP, user agent, IAM identity), as JSON.
        public var identity: [String: JSON]?
        /// For a Cognito authorizer, `claims` holds the token's claims.
        public var authorizer: [String: JSON]?
    }

    /// The resource template that matched (`/accounts/{id}`).
    public var resource: String?
    /// The request's path.
    public var path: String
    /// The HTTP method (`GET`, `POST`, …).
    public var httpMethod: String
    /// The headers as the client spelled their names, one value each; `header(_:)` looks up any case.
    public var headers: [String: String]?
    /// The headers with every value each was sent with.
    public var multiValueHeaders: [String: [String]]?
    /// The query parameters, one value each.
    public var queryStringParameters: [String: String]?
    /// The query parameters with every value each was sent with.
    public var multiValueQueryStringParameters: [String: [String]]?
    /// The values of the resource template's path variables.
    public var pathParameters: [String: String]?
    /// The stage's variables.
    public var stageVariables: [String: String]?
    /// Where and how the request arrived.
    public var requestContext: RequestContext
    /// The body: text, or base64 when `isBase64Encoded`; `bodyBytes` decodes it.
    public var body: String?
    /// Whether `body` is base64; absent means it is not.
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
    /// The HTTP status.
    public var statusCode: Int
    /// Headers with one value each.
    public var headers: [String: String]?
    /// Headers with several values each.
    public var multiValueHeaders: [String: [String]]?
    /// The body: text, or base64 when `isBase64Encoded`.
    public var body: String
    /// Whether `body` is base64.
    public var isBase64Encoded: Bool

    /// A response whose body is sent as text when it is UTF-8 and as base64 otherwise.
    public init(statusCode: Int, headers: [String: String]? = nil, multiValueHeaders: [String: [String]]? = nil, body: [UInt8] = []) {
        self.statusCode = statusCode
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        (self.body, self.isBase64Encoded) = encodeBody(body)
    }
}
