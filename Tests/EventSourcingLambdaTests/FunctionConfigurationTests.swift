import EventSourcingLambda
import LambdaRuntime
import Testing

@Suite("Configuration from the environment")
struct FunctionConfigurationTests {
    private let base = [
        "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret-value-123",
        "EVENTS_TABLE": "events", "PROJECTIONS_TABLE": "projections",
    ]

    @Test("defaults: a snapshot every 100 events, JWT callers, DynamoDB's own endpoint")
    func defaults() throws {
        let configuration = try FunctionConfiguration(environment: LambdaEnvironment(base))
        #expect(configuration.snapshotInterval == 100 && configuration.authMode == .jwt && configuration.loadPageSize == 101)
        #expect(configuration.dynamoDB.endpoint.absoluteString == "https://dynamodb.eu-west-1.amazonaws.com")
    }

    @Test("SNAPSHOT_INTERVAL=0 turns snapshots off and loads in large pages, not one event a request")
    func noSnapshots() throws {
        let configuration = try FunctionConfiguration(environment: LambdaEnvironment(base.merging(["SNAPSHOT_INTERVAL": "0"]) { $1 }))
        #expect(configuration.snapshotInterval == 0 && configuration.loadPageSize == 1_000)
    }

    @Test("what is missing or invalid is a ConfigurationError naming the variable, never its value", arguments: [
        ("EVENTS_TABLE", nil, "missing"), ("PROJECTIONS_TABLE", nil, "missing"), ("AWS_REGION", nil, "missing"),
        ("SNAPSHOT_INTERVAL", "-1", "invalid"), ("SNAPSHOT_INTERVAL", "ten", "invalid"), ("AUTH_MODE", "basic", "invalid"),
        ("AWS_ENDPOINT_URL_DYNAMODB", "ftp://x", "invalid"),
    ] as [(String, String?, String)])
    func errors(name: String, value: String?, kind: String) {
        var environment = base
        environment[name] = value
        do {
            _ = try FunctionConfiguration(environment: LambdaEnvironment(environment))
            Issue.record("accepted \(name)=\(value ?? "nil")")
        } catch {
            switch (error, kind) {
            case (.missing(let missing), "missing"): #expect(missing == name)
            case (.invalid(let invalid, _), "invalid"): #expect(invalid == name && !error.errorMessage.contains(value ?? "\u{0}"))
            default: Issue.record("\(name): \(error)")
            }
        }
    }
}
