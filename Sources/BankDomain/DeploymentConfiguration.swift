import AWSSigning
import DynamoDBClient

/// What both functions read from their environment (product.md, "Environment").
public struct DeploymentConfiguration: Sendable {
    public var eventsTable: String
    public var projectionsTable: String
    /// `SNAPSHOT_INTERVAL`: events between snapshots; 100 when unset.
    public var snapshotInterval: Int
    /// `AUTH_MODE`: `jwt` (the default) or `none`.
    public var authMode: String
    public var dynamoDB: DynamoDBConfiguration

    public static let defaultSnapshotInterval = 100

    public init(environment: [String: String]) throws(AWSConfigurationError) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        dynamoDB = try DynamoDBConfiguration(environment: environment)
        guard let events = value("EVENTS_TABLE") else { throw .missing("EVENTS_TABLE") }
        guard let projections = value("PROJECTIONS_TABLE") else { throw .missing("PROJECTIONS_TABLE") }
        eventsTable = events
        projectionsTable = projections
        if let text = value("SNAPSHOT_INTERVAL") {
            guard let interval = Int(text), interval >= 0 else { throw .invalid("SNAPSHOT_INTERVAL", reason: "must be a whole number, 0 or more") }
            snapshotInterval = interval
        } else {
            snapshotInterval = Self.defaultSnapshotInterval
        }
        authMode = value("AUTH_MODE") ?? "jwt"
        guard ["jwt", "none"].contains(authMode) else { throw .invalid("AUTH_MODE", reason: "must be jwt or none") }
    }
}
