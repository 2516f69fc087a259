import EventSourcing

/// An API Gateway HTTP API request (payload format 2.0).
///
/// Optional fields are absent in the JSON, not null; header names arrive lower-cased, repeated values
/// comma-joined; cookies come separately.
public struct APIGatewayV2Request: Codable, Sendable, Equatable {
    public struct RequestContext: Codable, Sendable, Equatable {
        public struct HTTP: Codable, Sendable, Equatable {
            public var method: String
            public var path: String
            public var `protocol`: String
            public var sourceIp: String
            public var userAgent: String

            public init(method: String, path: String, protocol: String = "HTTP/1.1", sourceIp: String, userAgent: String) {
                self.method = method
                self.path = path
                self.protocol = `protocol`
                self.sourceIp = sourceIp
                self.userAgent = userAgent
            }
        }

        public var accountId: String
        public var apiId: String
        public var domainName: String
        public var domainPrefix: String?
        public var requestId: String
        public var routeKey: String?
        public var stage: String
        public var time: String
        public var timeEpoch: Int64
        public var http: HTTP
        public var authorizer: Authorizer?
        public var authentication: JSON?

        public init(
            accountId: String, apiId: String, domainName: String, domainPrefix: String? = nil, requestId: String,
            routeKey: String? = nil, stage: String = "$default", time: String, timeEpoch: Int64, http: HTTP,
            authorizer: Authorizer? = nil, authentication: JSON? = nil
        ) {
            self.accountId = accountId
            self.apiId = apiId
            self.domainName = domainName
            self.domainPrefix = domainPrefix
            self.requestId = requestId
            self.routeKey = routeKey
            self.stage = stage
            self.time = time
            self.timeEpoch = timeEpoch
            self.http = http
            self.authorizer = authorizer
            self.authentication = authentication
        }
    }

    /// What the route's authorizer established: JWT claims, an IAM identity, or a Lambda authorizer's context.
    public struct Authorizer: Codable, Sendable, Equatable {
        public struct JWT: Codable, Sendable, Equatable {
            /// Claims as API Gateway passes them: every value a string.
            public var claims: [String: String]?
            public var scopes: [String]?

            public init(claims: [String: String]?, scopes: [String]? = nil) {
                self.claims = claims
                self.scopes = scopes
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                // API Gateway sends strings; a hand-made event may carry numbers or booleans: keep them as text.
                claims = try container.decodeIfPresent([String: JSON].self, forKey: .claims)?
                    .compactMapValues(\.text)
                scopes = try container.decodeIfPresent([String].self, forKey: .scopes)
            }
        }

        public var jwt: JWT?
        public var iam: [String: JSON]?
        public var lambda: [String: JSON]?

        public init(jwt: JWT? = nil, iam: [String: JSON]? = nil, lambda: [String: JSON]? = nil) {
            self.jwt = jwt
            self.iam = iam
            self.lambda = lambda
        }
    }

    public var version: String
    public var routeKey: String
    public var rawPath: String
    public var rawQueryString: String
    public var cookies: [String]?
    public var headers: [String: String]?
    public var queryStringParameters: [String: String]?
    public var pathParameters: [String: String]?
    public var stageVariables: [String: String]?
    public var requestContext: RequestContext
    public var body: String?
    public var isBase64Encoded: Bool

    public init(
        routeKey: String, rawPath: String, rawQueryString: String = "", cookies: [String]? = nil,
        headers: [String: String]? = nil, queryStringParameters: [String: String]? = nil,
        pathParameters: [String: String]? = nil, stageVariables: [String: String]? = nil,
        requestContext: RequestContext, body: String? = nil, isBase64Encoded: Bool = false
    ) {
        self.version = "2.0"
        self.routeKey = routeKey
        self.rawPath = rawPath
        self.rawQueryString = rawQueryString
        self.cookies = cookies
        self.headers = headers
        self.queryStringParameters = queryStringParameters
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.requestContext = requestContext
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    /// The HTTP method (`GET`, `POST`, …).
    public var method: String { requestContext.http.method }

    /// A header's value, whatever the case of its name.
    public func header(_ name: String) -> String? { headers?.value(forHTTPField: name) }

    /// The body bytes, base64-decoded when flagged; nil when there is no body or its base64 is invalid.
    public var bodyBytes: [UInt8]? { decodeBody(body, isBase64Encoded: isBase64Encoded) }
}

/// An API Gateway HTTP API response (payload format 2.0).
public struct APIGatewayV2Response: Codable, Sendable, Equatable {
    public var statusCode: Int
    public var headers: [String: String]?
    public var cookies: [String]?
    public var body: String?
    public var isBase64Encoded: Bool?

    /// A response whose body is sent as text when it is UTF-8 and as base64 otherwise.
    public init(statusCode: Int, headers: [String: String]? = nil, cookies: [String]? = nil, body: [UInt8]? = nil) {
        self.statusCode = statusCode
        self.headers = headers
        self.cookies = cookies
        if let body {
            let encoded = encodeBody(body)
            self.body = encoded.body
            self.isBase64Encoded = encoded.isBase64Encoded
        } else {
            self.isBase64Encoded = false
        }
    }
}

extension APIGatewayV2Request {
    /// Sets the body as API Gateway does: UTF-8 text as is, anything else base64 with `isBase64Encoded`.
    public mutating func setBody(_ bytes: [UInt8]?) {
        guard let bytes, !bytes.isEmpty else {
            body = nil
            isBase64Encoded = false
            return
        }
        (body, isBase64Encoded) = encodeBody(bytes)
    }
}
