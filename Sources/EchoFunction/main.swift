import LambdaRuntime

// EchoFunction: an example on the runtime, used by its tests and benchmarks.
// ECHO_MAX_BYTES (optional, default 10,000,000) caps {"bytes": N}; an invalid value is an init error.
// ECHO_TERMINATION_DELAY_MS (optional, default 0): how long its SIGTERM hook takes, to show the hook's bound.
Lambda.run { context in
    let maxBytes = try context.environment.integer("ECHO_MAX_BYTES") ?? 10_000_000
    let delay = try context.environment.integer("ECHO_TERMINATION_DELAY_MS") ?? 0
    let logger = context.logger
    context.onTermination {
        logger.info("SIGTERM: the termination hook runs for \(delay) ms")
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        logger.info("SIGTERM: the termination hook is done")
    }
    return EchoHandler(maxBytes: maxBytes)
}

extension LambdaEnvironment {
    /// The non-negative integer in `name`, nil when unset; anything else is an invalid configuration.
    func integer(_ name: String) throws(ConfigurationError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), value >= 0 else { throw .invalid(name, reason: "must be a non-negative integer") }
        return value
    }
}
