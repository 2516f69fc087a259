import LambdaRuntime

// StreamProjector: DynamoDB stream records → read models (see issue 5).
Lambda.run { _ in
    ClosureHandler { _, _ in throw ConfigurationError.missing("PROJECTIONS_TABLE") }
}
