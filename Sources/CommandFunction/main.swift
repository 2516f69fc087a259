import LambdaRuntime

// CommandFunction: HTTP requests → commands → events (see issue 5).
Lambda.run { _ in
    ClosureHandler { _, _ in throw ConfigurationError.missing("EVENTS_TABLE") }
}
