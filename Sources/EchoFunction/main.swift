import LambdaRuntime

// EchoFunction: an example on the runtime, used by its tests and benchmarks.
// ECHO_MAX_BYTES (optional, default 10,000,000) caps {"bytes": N}; an invalid value is an init error.
Lambda.run { context in
    let maxBytes: Int
    if let text = context.environment["ECHO_MAX_BYTES"] {
        guard let value = Int(text), value >= 0 else {
            throw ConfigurationError.invalid("ECHO_MAX_BYTES", reason: "must be a non-negative integer")
        }
        maxBytes = value
    } else {
        maxBytes = 10_000_000
    }
    return EchoHandler(maxBytes: maxBytes)
}
