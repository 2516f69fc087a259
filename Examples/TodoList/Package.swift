// swift-tools-version: 6.0
import PackageDescription

// A to-do list on the event-sourcing library, built only on its public products, as a user's package would be.
// The dependency is by path here; yours would be `.package(url: "https://github.com/…/swift-serverless-event-sourcing", from: "…")`.
let package = Package(
    name: "TodoList",
    dependencies: [.package(name: "swift-serverless-event-sourcing", path: "../..")],
    targets: [
        .target(name: "TodoDomain", dependencies: [
            .product(name: "EventSourcing", package: "swift-serverless-event-sourcing"),
            .product(name: "EventSourcingLambda", package: "swift-serverless-event-sourcing"),
        ]),
        .executableTarget(name: "TodoCommandFunction", dependencies: [
            "TodoDomain",
            .product(name: "EventSourcingLambda", package: "swift-serverless-event-sourcing"),
            .product(name: "LambdaRuntime", package: "swift-serverless-event-sourcing"),
        ]),
        .executableTarget(name: "TodoStreamProjector", dependencies: [
            "TodoDomain",
            .product(name: "EventSourcingLambda", package: "swift-serverless-event-sourcing"),
            .product(name: "LambdaRuntime", package: "swift-serverless-event-sourcing"),
        ]),
        .testTarget(name: "TodoDomainTests", dependencies: [
            "TodoDomain",
            .product(name: "EventSourcing", package: "swift-serverless-event-sourcing"),
            .product(name: "EventSourcingLambda", package: "swift-serverless-event-sourcing"),
            .product(name: "EventSourcingDynamoDB", package: "swift-serverless-event-sourcing"),
            .product(name: "EventSourcingTesting", package: "swift-serverless-event-sourcing"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
