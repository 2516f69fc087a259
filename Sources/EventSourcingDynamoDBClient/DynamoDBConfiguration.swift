#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where and how the client talks to DynamoDB.
public struct DynamoDBConfiguration: Sendable {
    /// The region requests are signed for.
    public var region: String
    /// `https://dynamodb.<region>.amazonaws.com` (`endpoint(forRegion:)`), or a local server.
    public var endpoint: URL
    /// Who signs.
    public var credentials: AWSCredentials
    /// How throttling and failures are retried.
    public var retry: RetryPolicy
    /// The longest one HTTP attempt may take.
    public var requestTimeout: Duration
    /// For an `https://` endpoint, a PEM file of the certificates to trust instead of the system's bundle
    /// (`AWS_CA_BUNDLE`); nil for the system's.
    public var certificateAuthorities: String?

    /// A configuration; `endpoint(forRegion:)` gives DynamoDB's own endpoint.
    public init(
        region: String, endpoint: URL, credentials: AWSCredentials, retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(5), certificateAuthorities: String? = nil
    ) {
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.certificateAuthorities = certificateAuthorities
    }

    /// DynamoDB's own endpoint in `region`; nil when `region` is not a region name (1 to 32 lower-case letters,
    /// digits and '-', such as `eu-west-1`).
    public static func endpoint(forRegion region: String) -> URL? {
        guard (1...32).contains(region.utf8.count), region.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 45 })
        else { return nil }
        return URL(string: "https://dynamodb.\(region).amazonaws.com")
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
    /// The ceiling of the first wait; it doubles with each attempt.
    public var baseDelay: Duration
    /// The largest ceiling a wait can have.
    public var maxDelay: Duration

    /// A policy; `maxAttempts` is at least 1.
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
