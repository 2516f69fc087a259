#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import EventSourcingDynamoDBClient
import LambdaRuntime

/// What both functions read from their environment: the tables, snapshots, callers and DynamoDB.
///
/// | variable | meaning | when missing |
/// |---|---|---|
/// | `EVENTS_TABLE`, `PROJECTIONS_TABLE` | the tables | init error |
/// | `FEED_TABLE` | the global feed's table: the stream projector indexes each batch into it | no feed |
/// | `SNAPSHOT_INTERVAL` | events between snapshots (0: none) | 100 |
/// | `STATE_CACHE_SIZE` | streams whose folded state a warm instance keeps between commands (0: none) | 1000 |
/// | `AUTH_MODE` | `jwt` or `none` | `jwt` |
/// | `AWS_REGION` (else `AWS_DEFAULT_REGION`), `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_ENDPOINT_URL_DYNAMODB` (else `AWS_ENDPOINT_URL`) | DynamoDB | init error (the endpoint: DynamoDB's own) |
/// | `AWS_CA_BUNDLE` | for an `https://` endpoint, a PEM file of the certificates to trust (init error when unreadable) | for DynamoDB's own endpoint, `$LAMBDA_TASK_ROOT/amazon-root-cas.pem` when the zip holds it; else the system's bundle |
public struct FunctionConfiguration: Sendable {
    /// `EVENTS_TABLE`.
    public var eventsTable: String
    /// `PROJECTIONS_TABLE`.
    public var projectionsTable: String
    /// `FEED_TABLE`, when the stream projector also keeps the global feed.
    public var feedTable: String?
    /// `SNAPSHOT_INTERVAL`.
    public var snapshotInterval: Int
    /// `STATE_CACHE_SIZE`.
    public var stateCacheSize: Int
    /// `AUTH_MODE`.
    public var authMode: AuthMode
    /// Region, endpoint and credentials.
    public var dynamoDB: DynamoDBConfiguration

    /// The file `scripts/package` puts beside `bootstrap`: Amazon Trust Services' roots, to which DynamoDB's own
    /// endpoints chain. Parsing five roots instead of the system's whole bundle saves a cold start's first HTTPS
    /// connection most of its CPU.
    public static let bundledRootsFile = "amazon-root-cas.pem"

    /// `SNAPSHOT_INTERVAL` when unset.
    public static let defaultSnapshotInterval = 100
    /// `STATE_CACHE_SIZE` when unset.
    public static let defaultStateCacheSize = 1_000

    /// Reads the configuration; a missing or invalid variable is a `ConfigurationError` naming it (never its value),
    /// which the runtime posts to `/runtime/init/error`.
    public init(environment: LambdaEnvironment) throws(ConfigurationError) {
        dynamoDB = try Self.dynamoDB(environment)
        eventsTable = try environment.required("EVENTS_TABLE")
        projectionsTable = try environment.required("PROJECTIONS_TABLE")
        if let feed = environment["FEED_TABLE"] {
            guard (3...255).contains(feed.utf8.count) else { throw .invalid("FEED_TABLE", reason: "must be a table name, 3 to 255 characters") }
            feedTable = feed
        }
        snapshotInterval = try Self.nonNegative(environment, "SNAPSHOT_INTERVAL", default: Self.defaultSnapshotInterval)
        stateCacheSize = try Self.nonNegative(environment, "STATE_CACHE_SIZE", default: Self.defaultStateCacheSize)
        guard let mode = AuthMode(rawValue: environment["AUTH_MODE"] ?? "jwt") else { throw .invalid("AUTH_MODE", reason: "must be jwt or none") }
        authMode = mode
    }

    /// A whole number of 0 or more from `name`, or `fallback` when it is unset.
    private static func nonNegative(_ environment: LambdaEnvironment, _ name: String, default fallback: Int) throws(ConfigurationError) -> Int {
        guard let text = environment[name] else { return fallback }
        guard let value = Int(text), value >= 0 else { throw .invalid(name, reason: "must be a whole number, 0 or more") }
        return value
    }

    /// Region, endpoint and credentials as the AWS SDKs read them.
    static func dynamoDB(_ environment: LambdaEnvironment) throws(ConfigurationError) -> DynamoDBConfiguration {
        guard let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] else { throw .missing("AWS_REGION") }
        let endpoint: URL
        if let override = environment["AWS_ENDPOINT_URL_DYNAMODB"] ?? environment["AWS_ENDPOINT_URL"] {
            guard let url = URL(string: override), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw .invalid(environment["AWS_ENDPOINT_URL_DYNAMODB"] != nil ? "AWS_ENDPOINT_URL_DYNAMODB" : "AWS_ENDPOINT_URL", reason: "must be an http or https URL")
            }
            endpoint = url
        } else {
            guard let url = DynamoDBConfiguration.endpoint(forRegion: region) else {
                throw .invalid(environment["AWS_REGION"] != nil ? "AWS_REGION" : "AWS_DEFAULT_REGION", reason: "must be a region name such as eu-west-1")
            }
            endpoint = url
        }
        let credentials = AWSCredentials(
            accessKeyID: try environment.required("AWS_ACCESS_KEY_ID"), secretAccessKey: try environment.required("AWS_SECRET_ACCESS_KEY"),
            sessionToken: environment["AWS_SESSION_TOKEN"])
        var configuration = DynamoDBConfiguration(region: region, endpoint: endpoint, credentials: credentials)
        configuration.certificateAuthorities = try certificateAuthorities(environment, endpoint: endpoint)
        return configuration
    }

    /// The PEM file the client trusts: `AWS_CA_BUNDLE`; else, for DynamoDB's own endpoint, the roots the zip holds;
    /// else nil (the system's bundle). Only TLS reads it: a plain-HTTP endpoint (a local one) ignores both.
    private static func certificateAuthorities(_ environment: LambdaEnvironment, endpoint: URL) throws(ConfigurationError) -> String? {
        guard endpoint.scheme == "https" else { return nil }
        if let bundle = environment["AWS_CA_BUNDLE"] {
            guard access(bundle, R_OK) == 0 else { throw .invalid("AWS_CA_BUNDLE", reason: "must name a readable PEM file") }
            return bundle
        }
        let ownEndpoint = environment["AWS_ENDPOINT_URL_DYNAMODB"] == nil && environment["AWS_ENDPOINT_URL"] == nil
        guard ownEndpoint, let root = environment["LAMBDA_TASK_ROOT"] else { return nil }
        let bundled = root + "/" + bundledRootsFile
        return access(bundled, R_OK) == 0 ? bundled : nil
    }
}
