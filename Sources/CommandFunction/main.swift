import LambdaRuntime

// CommandFunction: HTTP requests → commands → events. Not built yet (issue 5): until then it reports an init
// error rather than pretending to serve.
Lambda.run { _ -> ClosureHandler in
    throw ConfigurationError.invalid("CommandFunction", reason: "this function is not implemented yet (issue 5)")
}
