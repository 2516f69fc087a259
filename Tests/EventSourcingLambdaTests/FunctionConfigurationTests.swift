import EventSourcingLambda
import Foundation
import LambdaRuntime
import Testing

@Suite("Configuration from the environment")
struct FunctionConfigurationTests {
    private let base = [
        "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret-value-123",
        "EVENTS_TABLE": "events", "PROJECTIONS_TABLE": "projections",
    ]

    @Test("defaults: a snapshot every 100 events, 1,000 cached states, JWT callers, DynamoDB's own endpoint")
    func defaults() throws {
        let configuration = try FunctionConfiguration(environment: LambdaEnvironment(base))
        #expect(configuration.snapshotInterval == 100 && configuration.stateCacheSize == 1_000 && configuration.authMode == .jwt)
        #expect(configuration.dynamoDB.endpoint.absoluteString == "https://dynamodb.eu-west-1.amazonaws.com")
    }

    @Test("DynamoDB's settings as the AWS SDKs read them: AWS_REGION before AWS_DEFAULT_REGION, the service's endpoint before the general one")
    func sdkPrecedence() throws {
        var environment = base
        environment["AWS_REGION"] = nil
        environment["AWS_DEFAULT_REGION"] = "us-east-2"
        environment["AWS_SESSION_TOKEN"] = ""
        let fallback = try FunctionConfiguration(environment: LambdaEnvironment(environment)).dynamoDB
        #expect(fallback.region == "us-east-2" && fallback.endpoint.absoluteString == "https://dynamodb.us-east-2.amazonaws.com")
        #expect(fallback.credentials.sessionToken == nil)
        environment["AWS_ENDPOINT_URL"] = "http://general:1"
        environment["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:4566"
        environment["AWS_SESSION_TOKEN"] = "token-value"
        let local = try FunctionConfiguration(environment: LambdaEnvironment(environment)).dynamoDB
        #expect(local.endpoint.absoluteString == "http://127.0.0.1:4566" && local.credentials.sessionToken == "token-value")
    }

    @Test("FEED_TABLE is optional: without it there is no feed; with it the stream projector indexes into that table")
    func feedTable() throws {
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(base)).feedTable == nil)
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(base.merging(["FEED_TABLE": "feed"]) { $1 })).feedTable == "feed")
        #expect(throws: ConfigurationError.self) { try FunctionConfiguration(environment: LambdaEnvironment(base.merging(["FEED_TABLE": "f"]) { $1 })) }
    }

    @Test("AWS_CA_BUNDLE: for an https endpoint the PEM file the client trusts (unreadable: an init error); a plain-HTTP endpoint ignores it")
    func certificateAuthorities() throws {
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(base)).dynamoDB.certificateAuthorities == nil)
        let bundle = #filePath  // any readable file: the client reads it as PEM at its first connection
        let https = try FunctionConfiguration(environment: LambdaEnvironment(base.merging(["AWS_CA_BUNDLE": bundle]) { $1 }))
        #expect(https.dynamoDB.certificateAuthorities == bundle)
        let missing = base.merging(["AWS_CA_BUNDLE": "/var/task/no-such-bundle.pem"]) { $1 }
        #expect(throws: ConfigurationError.invalid("AWS_CA_BUNDLE", reason: "must name a readable PEM file")) {
            try FunctionConfiguration(environment: LambdaEnvironment(missing))
        }
        let local = missing.merging(["AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:4566"]) { $1 }
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(local)).dynamoDB.certificateAuthorities == nil)
    }

    @Test("the roots a packaged zip holds are trusted for DynamoDB's own endpoint only, and AWS_CA_BUNDLE comes first")
    func bundledRoots() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("task-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let task = base.merging(["LAMBDA_TASK_ROOT": root.path]) { $1 }
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(task)).dynamoDB.certificateAuthorities == nil)  // no file: the system's
        let file = root.appendingPathComponent(FunctionConfiguration.bundledRootsFile)
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: file)
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(task)).dynamoDB.certificateAuthorities == file.path)
        let proxied = task.merging(["AWS_ENDPOINT_URL": "https://proxy.example"]) { $1 }
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(proxied)).dynamoDB.certificateAuthorities == nil)
        let chosen = task.merging(["AWS_CA_BUNDLE": #filePath]) { $1 }
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(chosen)).dynamoDB.certificateAuthorities == #filePath)
    }

    @Test("SNAPSHOT_INTERVAL=0 turns snapshots off")
    func noSnapshots() throws {
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(base.merging(["SNAPSHOT_INTERVAL": "0"]) { $1 })).snapshotInterval == 0)
    }

    @Test("STATE_CACHE_SIZE sets how many streams' states a warm instance keeps; 0 keeps none")
    func stateCache() throws {
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(base.merging(["STATE_CACHE_SIZE": "0"]) { $1 })).stateCacheSize == 0)
        #expect(try FunctionConfiguration(environment: LambdaEnvironment(base.merging(["STATE_CACHE_SIZE": "25"]) { $1 })).stateCacheSize == 25)
    }

    @Test("what is missing or invalid is a ConfigurationError naming the variable, never its value", arguments: [
        ("EVENTS_TABLE", nil, "missing"), ("PROJECTIONS_TABLE", nil, "missing"), ("AWS_REGION", nil, "missing"),
        ("SNAPSHOT_INTERVAL", "-1", "invalid"), ("SNAPSHOT_INTERVAL", "ten", "invalid"), ("AUTH_MODE", "basic", "invalid"),
        ("STATE_CACHE_SIZE", "-5", "invalid"), ("STATE_CACHE_SIZE", "many", "invalid"),
        ("AWS_ENDPOINT_URL_DYNAMODB", "ftp://x", "invalid"), ("AWS_REGION", "eu west", "invalid"), ("AWS_ACCESS_KEY_ID", nil, "missing"),
        ("AWS_SECRET_ACCESS_KEY", nil, "missing"),
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
