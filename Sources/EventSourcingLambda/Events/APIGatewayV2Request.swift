import EventSourcing

/// An API Gateway HTTP API request (payload format 2.0).
///
/// Optional fields are absent in the JSON, not null; header names arrive lower-cased, repeated values
/// comma-joined; cookies come separately.
public struct APIGatewayV2Request: Codable, Sendable, Equatable {
    /// Where and how the request arrived: the API, stage, HTTP details and authorizer.
    public struct RequestContext: Codable, Sendable, Equatable {
        /// The request's HTTP details.
        public struct HTTP: Codable, Sendable, Equatable {
            /// The HTTP method.
            public var method: String
            /// The request's path.
            public var path: String
            /// The request's protocol (`HTTP/1.1`).
            public var `protocol`: String
            /// The client's IP address.
            public var sourceIp: String
            /// The client's `User-Agent`.
            public var userAgent: String

            /// HTTP details; `protocol` defaults to `HTTP/1.1`.
            public init(method: String, path: String, protocol: String = "HTTP/1.1", sourceIp: String, userAgent: String) {
                self.method = method
                self.path = path
                self.protocol = `protocol`
                self.sourceIp = sourceIp
                self.userAgent = userAgent
            }
        }

        /// The AWS account that owns the API.
        public var accountId: String
        /// The API's identifier.
        public var apiId: String
        /// The domain name the request was sent to.
        public var domainName: String
        /// The first label of `domainName`.
        public var domainPrefix: String?
        /// API Gateway's identifier for the request.
        public var requestId: String
        /// The route that matched, as in the request's `routeKey`.
        public var routeKey: String?
        /// The stage the request was sent to (`$default`).
        public var stage: String
        /// When the request arrived, as text (`12/Mar/2020:19:03:58 +0000`).
        public var time: String
        /// When the request arrived, in milliseconds since the Unix epoch.
        public var timeEpoch: Int64
        /// The request's HTTP details.
        public var http: HTTP
        /// What the route's authorizer established; nil for a route without one.
        public var authorizer: Authorizer?
        /// The mutual TLS client certificate, as JSON, when the API requires one.
        public var authentication: JSON?

        /// A request context; `stage` defaults to `$default`.
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
        /// What a JWT authorizer established: the token's claims and scopes.
        public struct JWT: Codable, Sendable, Equatable {
            /// Claims as API Gateway passes them: every value a string.
            public var claims: [String: String]?
            /// The token's scopes.
            public var scopes: [String]?

            /// An authorizer result with the given claims and scopes.
            public init(claims: [String: String]?, scopes: [String]? = nil) {
                self.claims = claims
                self.scopes = scopes
            }

            /// Decodes the claims keeping numbers and booleans as text; claims of another kind are dropped.
            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                // API Gateway sends strings; a hand-made event may carry numbers or booleans: keep them as text.
                claims = try container.decodeIfPresent([String: JSON].self, forKey: .claims)?
                    .compactMapValues(\.text)
                scopes = try container.decodeIfPresent([String].self, forKey: .scopes)
            }
        }

        /// A JWT authorizer's claims and scopes.
        public var jwt: JWT?
        /// An IAM authorizer's caller identity, as JSON.
        public var iam: [String: JSON]?
        /// A Lambda authorizer's context, as JSON.
        public var lambda: [String: JSON]?

        /// An authorizer result; set the field of the authorizer's kind.
        public init(jwt: JWT? = nil, iam: [String: JSON]? = nil, lambda: [String: JSON]? = nil) {
            self.jwt = jwt
            self.iam = iam
            self.lambda = lambda
        }
    }

    /// The payload format version: `2.0`.
    public var version: String
    /// The route that matched (`POST /accounts`, or `$default`).
    public var routeKey: String
    /// The request's path, as sent.
    public var rawPath: String
    /// The query string, as sent, without the `?`; empty when there is none.
    public var rawQueryString: String
    /// The request's cookies, one `name=value` each; they are not in `headers`.
    public var cookies: [String]?
    /// The headers, names lower-cased and repeated values comma-joined; `header(_:)` looks up any case.
    public var headers: [String: String]?
    /// The query parameters, repeated values comma-joined.
    public var queryStringParameters: [String: String]?
    /// The values of the route's path variables.
    public var pathParameters: [String: String]?
    /// The stage's variables.
    public var stageVariables: [String: String]?
    /// Where and how the request arrived.
    public var requestContext: RequestContext
    /// The body: text, or base64 when `isBase64Encoded`; `bodyBytes` decodes it.
    public var body: String?
    /// Whether `body` is base64.
    public var isBase64Encoded: Bool

    /// A request in payload format 2.0 (`version` is `2.0`); give `body` as is, or use `setBody(_:)`.
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
    /// The HTTP status.
    public var statusCode: Int
    /// The response's headers.
    public var headers: [String: String]?
    /// The cookies to set, one `Set-Cookie` value each.
    public var cookies: [String]?
    /// The body: text, or base64 when `isBase64Encoded`; nil for none.
    public var body: String?
    /// Whether `body` is base64.
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
