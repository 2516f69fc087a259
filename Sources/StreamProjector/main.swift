import LambdaRuntime

// StreamProjector: DynamoDB stream records → read models. Not built yet (issue 5): until then it reports an init
// error rather than pretending to project.
Lambda.run { _ -> ClosureHandler in
    throw ConfigurationError.invalid("StreamProjector", reason: "this function is not implemented yet (issue 5)")
}
