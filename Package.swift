// swift-tools-version: 6.0
import PackageDescription

// Event sourcing for your own domain on AWS Lambda and DynamoDB, on the Swift toolchain alone: no package
// dependencies. Arrows point one way: the functions → EventSourcingLambda → EventSourcing (the store-agnostic core);
// EventSourcingDynamoDB → the core and the DynamoDB client; the functions → LambdaRuntime.
//
// Every target that is not a product a user names carries the project's prefix, so that it cannot collide with a
// target of the package that depends on this one (SwiftPM wants target names unique across the whole graph).
let package = Package(
    name: "swift-serverless-event-sourcing",
    products: [
        // What a user's package names.
        .library(name: "EventSourcing", targets: ["EventSourcing"]),
        .library(name: "EventSourcingDynamoDB", targets: ["EventSourcingDynamoDB"]),
        .library(name: "EventSourcingLambda", targets: ["EventSourcingLambda"]),
        .library(name: "EventSourcingTesting", targets: ["EventSourcingTesting"]),
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        // The example bank's two bootstraps, and the tools.
        .executable(name: "CommandFunction", targets: ["EventSourcingBankCommandFunction"]),
        .executable(name: "StreamProjector", targets: ["EventSourcingBankStreamProjector"]),
        .executable(name: "BankReplay", targets: ["EventSourcingBankReplay"]),
        .executable(name: "EchoFunction", targets: ["EventSourcingEchoFunction"]),
        .executable(name: "DevServer", targets: ["EventSourcingDevServer"]),
        .executable(name: "RuntimeBenchmark", targets: ["EventSourcingRuntimeBenchmark"]),
        .executable(name: "ClientBenchmark", targets: ["EventSourcingClientBenchmark"]),
        .executable(name: "EventStoreBenchmark", targets: ["EventSourcingStoreBenchmark"]),
        .executable(name: "ReplayBenchmark", targets: ["EventSourcingReplayBenchmark"]),
    ],
    targets: [
        // MARK: The library

        // The store-agnostic core: aggregates, commands, serializer, stores, repository, dispatcher, projections.
        .target(name: "EventSourcing", dependencies: ["EventSourcingJSON", "EventSourcingCrypto"]),
        // The DynamoDB event store and read-model store, stream records → events, the tables' definitions.
        .target(name: "EventSourcingDynamoDB", dependencies: ["EventSourcing", "EventSourcingCrypto", "EventSourcingDynamoDBClient"]),
        // A domain as the two functions: API Gateway events, routes, callers, the stream-projector handler, configuration.
        .target(name: "EventSourcingLambda", dependencies: ["EventSourcing", "EventSourcingDynamoDB", "EventSourcingDynamoDBClient", "LambdaRuntime"]),
        // Given/When/Then for commands and projections; the EventStore and ReadModelStore conformance suites.
        .target(name: "EventSourcingTesting", dependencies: ["EventSourcing"]),
        // Strict JSON: a parser that keeps numbers' text and refuses duplicate keys, a writer, Codable coders.
        .target(name: "EventSourcingJSON"),
        // SHA-256, HMAC-SHA256, hex: what the core (idempotency keys) and SigV4 share.
        .target(name: "EventSourcingCrypto", dependencies: ["EventSourcingCSHA256"]),
        // SHA-256's compression on x86-64's SHA instructions, for EventSourcingCrypto where the CPU has them.
        .target(name: "EventSourcingCSHA256"),
        // The DynamoDB (and Streams) JSON API over HTTPS: AttributeValue, SigV4, retries, typed errors.
        .target(name: "EventSourcingDynamoDBClient", dependencies: ["EventSourcingCrypto", "EventSourcingJSON", "EventSourcingCTLS", "EventSourcingLoopbackHTTP"]),
        // TLS on the system's OpenSSL 3, for SocketTransport's https:// connections. Loaded with dlopen at the first
        // HTTPS connection, not linked: plain HTTP never maps it.
        .target(name: "EventSourcingCTLS"),

        // MARK: The runtime

        // The Lambda custom runtime: Runtime API client, loop, context, handlers, logging.
        .target(name: "LambdaRuntime", dependencies: ["EventSourcingLoopbackHTTP"]),
        // HTTP/1.1 over POSIX sockets for loopback peers (the Runtime API); no TLS, no Foundation.
        .target(name: "EventSourcingLoopbackHTTP", path: "Sources/LoopbackHTTP"),

        // MARK: The example bank (BankDomain) and its two functions

        .target(name: "EventSourcingBankDomain", dependencies: ["EventSourcing", "EventSourcingLambda"], path: "Sources/BankDomain"),
        .executableTarget(
            name: "EventSourcingBankCommandFunction", dependencies: ["EventSourcingBankDomain", "EventSourcingLambda", "LambdaRuntime"],
            path: "Sources/CommandFunction"
        ),
        .executableTarget(
            name: "EventSourcingBankStreamProjector", dependencies: ["EventSourcingBankDomain", "EventSourcingLambda", "LambdaRuntime"],
            path: "Sources/StreamProjector"
        ),
        // The bank's read models rebuilt from the event store and back-filled from the feed (scripts/rebuild, scripts/backfill).
        .executableTarget(name: "EventSourcingBankReplay", dependencies: ["EventSourcingBankDomain", "EventSourcingDynamoDB"], path: "Sources/BankReplay"),

        // MARK: Tools: the local environment, the example function, benchmarks (never deployed)

        // A faithful local Runtime API server, for tests, benchmarks and the local environment.
        .target(name: "EventSourcingLocalRuntimeAPI", dependencies: ["EventSourcingLoopbackHTTP"], path: "Sources/LocalRuntimeAPI"),
        // What scripts/dev runs: moto, the functions under local Runtime APIs, the HTTP front, the stream poller.
        .target(
            name: "EventSourcingLocalEnvironment",
            dependencies: ["EventSourcingLocalRuntimeAPI", "EventSourcingLoopbackHTTP", "EventSourcingDynamoDBClient", "EventSourcingLambda"],
            path: "Sources/LocalEnvironment"
        ),
        .executableTarget(name: "EventSourcingDevServer", dependencies: ["EventSourcingLocalEnvironment", "EventSourcingLoopbackHTTP"], path: "Sources/DevServer"),
        .executableTarget(name: "EventSourcingEchoFunction", dependencies: ["LambdaRuntime"], path: "Sources/EchoFunction"),
        .executableTarget(
            name: "EventSourcingRuntimeBenchmark", dependencies: ["EventSourcingLocalRuntimeAPI", "EventSourcingLocalEnvironment"],
            path: "Sources/RuntimeBenchmark"
        ),
        .executableTarget(name: "EventSourcingClientBenchmark", dependencies: ["EventSourcingDynamoDBClient", "EventSourcingCrypto"], path: "Sources/ClientBenchmark"),
        .executableTarget(
            name: "EventSourcingStoreBenchmark",
            dependencies: ["EventSourcing", "EventSourcingDynamoDB", "EventSourcingDynamoDBClient", "EventSourcingBankDomain"],
            path: "Sources/EventStoreBenchmark"
        ),
        .executableTarget(
            name: "EventSourcingReplayBenchmark", dependencies: ["EventSourcing", "EventSourcingDynamoDB", "EventSourcingBankDomain"],
            path: "Sources/ReplayBenchmark"
        ),

        // MARK: Tests

        // Helpers shared by the test targets (the moto servers scripts/test starts, child functions).
        .target(
            name: "EventSourcingTestSupport", dependencies: ["EventSourcingDynamoDBClient", "EventSourcingLocalEnvironment", "EventSourcingLoopbackHTTP"],
            path: "Tests/TestSupport", exclude: ["tls_server.py"]
        ),
        .testTarget(name: "EventSourcingTests", dependencies: ["EventSourcing", "EventSourcingTesting"]),
        .testTarget(
            name: "EventSourcingDynamoDBTests",
            dependencies: ["EventSourcingDynamoDB", "EventSourcing", "EventSourcingTesting", "EventSourcingDynamoDBClient", "EventSourcingTestSupport", "EventSourcingLocalEnvironment"]
        ),
        .testTarget(
            name: "EventSourcingLambdaTests", dependencies: ["EventSourcingLambda", "EventSourcing", "EventSourcingTesting", "LambdaRuntime"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "EventSourcingTestingTests", dependencies: ["EventSourcingTesting", "EventSourcing"]),
        .testTarget(name: "EventSourcingJSONTests", dependencies: ["EventSourcingJSON"]),
        .testTarget(name: "EventSourcingCryptoTests", dependencies: ["EventSourcingCrypto"]),
        .testTarget(
            name: "EventSourcingDynamoDBClientTests",
            dependencies: ["EventSourcingDynamoDBClient", "EventSourcingCrypto", "EventSourcingJSON", "EventSourcingTestSupport", "EventSourcingLoopbackHTTP"],
            exclude: ["botocore_reference.py"]
        ),
        .testTarget(name: "BankDomainTests", dependencies: ["EventSourcingBankDomain", "EventSourcing", "EventSourcingLambda", "EventSourcingTesting"]),
        .testTarget(
            name: "FunctionsTests",
            dependencies: [
                "EventSourcingLocalRuntimeAPI", "EventSourcingTestSupport", "EventSourcingDynamoDBClient", "EventSourcingLambda", "EventSourcing",
                "EventSourcingDynamoDB", "EventSourcingBankDomain",
            ]
        ),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "EventSourcingLocalRuntimeAPI", "EventSourcingTestSupport"]),
        .testTarget(name: "LoopbackHTTPTests", dependencies: ["EventSourcingLoopbackHTTP"]),
        .testTarget(name: "LocalRuntimeAPITests", dependencies: ["EventSourcingLocalRuntimeAPI", "EventSourcingLoopbackHTTP", "EventSourcingTestSupport"]),
        .testTarget(
            name: "LocalEnvironmentTests",
            dependencies: ["EventSourcingLocalEnvironment", "EventSourcingLocalRuntimeAPI", "EventSourcingLoopbackHTTP", "EventSourcingLambda", "EventSourcingDynamoDBClient", "EventSourcingTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
