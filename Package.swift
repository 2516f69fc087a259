// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way: functions → EventSourcing → DynamoDB; functions → LambdaRuntime → LoopbackHTTP.
// No package dependencies: the toolchain only.
let package = Package(
    name: "swift-serverless-event-sourcing",
    products: [
        .executable(name: "CommandFunction", targets: ["CommandFunction"]),
        .executable(name: "StreamProjector", targets: ["StreamProjector"]),
        .executable(name: "EchoFunction", targets: ["EchoFunction"]),
        .executable(name: "RuntimeBenchmark", targets: ["RuntimeBenchmark"]),
        .library(name: "EventSourcing", targets: ["EventSourcing"]),
        .library(name: "EventSourcingDynamoDB", targets: ["EventSourcingDynamoDB"]),
        .library(name: "EventSourcingLambda", targets: ["EventSourcingLambda"]),
        .library(name: "EventSourcingTesting", targets: ["EventSourcingTesting"]),
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
    ],
    targets: [
        // HTTP/1.1 over POSIX sockets for loopback peers (the Runtime API); no TLS, no Foundation.
        .target(name: "LoopbackHTTP"),
        // The Lambda custom runtime: Runtime API client, loop, context, handlers, logging.
        .target(name: "LambdaRuntime", dependencies: ["LoopbackHTTP"]),
        // SHA-256, HMAC-SHA256, AWS Signature Version 4, credentials.
        .target(name: "AWSSigning", dependencies: ["EventSourcingCrypto"]),
        // SHA-256, HMAC-SHA256, hex: what the core (idempotency keys) and SigV4 share.
        .target(name: "EventSourcingCrypto"),
        // DynamoDB data model: AttributeValue, stream records, Codable items. No networking.
        .target(name: "DynamoDB"),
        // The DynamoDB (and Streams) JSON API over HTTPS: signed, retried, typed.
        .target(name: "DynamoDBClient", dependencies: ["DynamoDB", "AWSSigning", "LoopbackHTTP"]),
        // Lambda event shapes: API Gateway (1.0, 2.0) and DynamoDB Streams.
        .target(name: "LambdaEvents", dependencies: ["DynamoDB"]),
        // A faithful local Runtime API server, for tests, benchmarks and the local environment.
        .target(name: "LocalRuntimeAPI", dependencies: ["LoopbackHTTP"]),
        .target(name: "EventSourcing", dependencies: ["EventSourcingJSON", "EventSourcingCrypto"]),
        .target(name: "EventSourcingDynamoDB", dependencies: ["EventSourcing", "EventSourcingCrypto", "DynamoDB", "DynamoDBClient"]),
        .target(
            name: "EventSourcingLambda",
            dependencies: ["EventSourcing", "EventSourcingDynamoDB", "LambdaRuntime", "LambdaEvents", "DynamoDBClient", "AWSSigning"]
        ),
        // Strict JSON: a parser that keeps numbers' text and refuses duplicate keys, and a writer.
        .target(name: "EventSourcingJSON"),
        // The bank-account domain both functions share: rules, events, read models.
        .target(name: "EventSourcingTesting", dependencies: ["EventSourcing"]),
        .target(name: "BankDomain", dependencies: ["EventSourcing", "EventSourcingLambda"]),

        // The local environment scripts/dev runs: moto, the functions under local Runtime APIs, the HTTP front, the
        // stream poller. Never part of a deployed function.
        .target(
            name: "LocalEnvironment",
            dependencies: ["LocalRuntimeAPI", "LoopbackHTTP", "DynamoDBClient", "DynamoDB", "LambdaEvents", "AWSSigning"]
        ),
        .executableTarget(name: "DevServer", dependencies: ["LocalEnvironment"]),

        .executableTarget(name: "EchoFunction", dependencies: ["LambdaRuntime"]),
        .executableTarget(
            name: "CommandFunction",
            dependencies: ["BankDomain", "EventSourcingLambda", "LambdaRuntime"]
        ),
        .executableTarget(
            name: "StreamProjector",
            dependencies: ["BankDomain", "EventSourcingLambda", "LambdaRuntime"]
        ),
        .executableTarget(name: "RuntimeBenchmark", dependencies: ["LocalRuntimeAPI"]),
        .executableTarget(name: "ClientBenchmark", dependencies: ["AWSSigning", "EventSourcingCrypto", "DynamoDB"]),
        .executableTarget(name: "EventStoreBenchmark", dependencies: ["EventSourcing", "EventSourcingDynamoDB", "DynamoDBClient", "DynamoDB", "AWSSigning", "BankDomain"]),

        .testTarget(name: "LoopbackHTTPTests", dependencies: ["LoopbackHTTP"]),
        .testTarget(name: "DynamoDBTests", dependencies: ["DynamoDB"]),
        // Helpers shared by the test targets (the moto servers scripts/test starts).
        .target(name: "TestSupport", dependencies: ["DynamoDBClient", "DynamoDB", "AWSSigning", "LocalEnvironment", "LoopbackHTTP"], path: "Tests/TestSupport"),
        .testTarget(name: "DynamoDBClientTests", dependencies: ["DynamoDBClient", "DynamoDB", "AWSSigning", "TestSupport"]),
        .testTarget(name: "EventSourcingLambdaTests", dependencies: ["EventSourcingLambda", "EventSourcing", "EventSourcingTesting", "LambdaEvents", "LambdaRuntime"]),
        .testTarget(name: "EventSourcingTestingTests", dependencies: ["EventSourcingTesting", "EventSourcing"]),
        .testTarget(
            name: "EventSourcingDynamoDBTests",
            dependencies: ["EventSourcingDynamoDB", "EventSourcing", "EventSourcingTesting", "DynamoDB", "DynamoDBClient", "TestSupport", "LocalEnvironment"]
        ),        .testTarget(name: "EventSourcingJSONTests", dependencies: ["EventSourcingJSON"]),
        .testTarget(name: "BankDomainTests", dependencies: ["BankDomain", "EventSourcing", "EventSourcingLambda", "EventSourcingTesting"]),
        .testTarget(
            name: "FunctionsTests",
            dependencies: ["LocalRuntimeAPI", "TestSupport", "DynamoDBClient", "DynamoDB", "LambdaEvents"]
        ),
        .testTarget(name: "EventSourcingTests", dependencies: ["EventSourcing", "EventSourcingTesting"]),
        .testTarget(name: "AWSSigningTests", dependencies: ["AWSSigning", "EventSourcingCrypto"], exclude: ["botocore_reference.py"]),
        .testTarget(name: "EventSourcingCryptoTests", dependencies: ["EventSourcingCrypto"]),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "LocalRuntimeAPI", "TestSupport"]),
        .testTarget(name: "LambdaEventsTests", dependencies: ["LambdaEvents", "DynamoDB"], exclude: ["Fixtures"]),
        .testTarget(name: "LocalRuntimeAPITests", dependencies: ["LocalRuntimeAPI", "LoopbackHTTP", "TestSupport"]),
        .testTarget(
            name: "LocalEnvironmentTests",
            dependencies: ["LocalEnvironment", "LocalRuntimeAPI", "LoopbackHTTP", "LambdaEvents", "DynamoDB", "DynamoDBClient", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
