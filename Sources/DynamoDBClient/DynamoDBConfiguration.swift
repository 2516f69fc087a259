import AWSSigning
import Foundation

/// Where and how the client talks to DynamoDB.
public struct DynamoDBConfiguration: Sendable {
    public var region: String
    /// `https://dynamodb.<region>.amazonaws.com`, or the override from the environment.
    public var endpoint: URL
    public var credentials: AWSCredentials
    public var retry: RetryPolicy
    /// The longest one HTTP attempt may take.
    public var requestTimeout: Duration

    public init(
        region: String, endpoint: URL? = nil, credentials: AWSCredentials, retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(5)
    ) {
        self.region = region
        self.endpoint = endpoint ?? URL(string: "https://dynamodb.\(region).amazonaws.com")!
        self.credentials = credentials
        self.retry = retry
        self.requestTimeout = requestTimeout
    }

    /// Reads `AWS_REGION` (else `AWS_DEFAULT_REGION`), `AWS_ENDPOINT_URL_DYNAMODB` (else `AWS_ENDPOINT_URL`) and the
    /// credentials, as the AWS SDKs do.
    public init(environment: [String: String]) throws(AWSConfigurationError) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") else { throw .missing("AWS_REGION") }
        var endpoint: URL?
        if let override = value("AWS_ENDPOINT_URL_DYNAMODB") ?? value("AWS_ENDPOINT_URL") {
            guard let url = URL(string: override), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw .invalid(value("AWS_ENDPOINT_URL_DYNAMODB") != nil ? "AWS_ENDPOINT_URL_DYNAMODB" : "AWS_ENDPOINT_URL",
                               reason: "must be an http or https URL")
            }
            endpoint = url
        }
        self.init(region: region, endpoint: endpoint, credentials: try AWSCredentials(environment: environment))
    }

    /// The `Host` header value: the host, with the port when it is not the scheme's default.
    var hostHeader: String {
        let host = endpoint.host ?? ""
        guard let port = endpoint.port, !(endpoint.scheme == "https" && port == 443), !(endpoint.scheme == "http" && port == 80)
        else { return host }
        return "\(host):\(port)"
    }
}

/// Bounded retries with exponential backoff and full jitter, for throttling, 5xx and connection failures only.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(25), maxDelay: Duration = .seconds(1)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// A random delay in `0 ... min(maxDelay, baseDelay × 2^(attempt-1))` before attempt `attempt + 1`.
    public func delay(after attempt: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt - 1, 20)))
        return ceiling * Double.random(in: 0...1)
    }
}
