import EventSourcingLocalEnvironment

/// What DevServer prints once everything is up: where things are, and a session to try.
struct Banner {
    let text: String

    init(_ environment: DevEnvironment) {
        let url = environment.url
        let functions = environment.functions.keys.sorted().map { "\($0) (Runtime API \(environment.functions[$0]!.runtimeAPI.endpoint))" }
        let streams = environment.pollers.map { poller in
            let mapping = poller.configuration.mapping
            let retries = mapping.maximumRetryAttempts < 0 ? "retries until records expire" : "\(mapping.maximumRetryAttempts) retries"
            return "\(mapping.table) → \(mapping.function) (batches of \(mapping.batchSize), window \(mapping.maximumBatchingWindowInSeconds) s, \(retries))"
        }
        text = """

            Local environment ready on \(url)
              HTTP API    \(url)  (AUTH_MODE=none: the caller is the X-Owner header)
              DynamoDB    \(environment.moto.endpoint.absoluteString)  (moto; tables \(environment.settings.tables.keys.sorted().joined(separator: ", ")); data lasts until you stop)
              functions   \(functions.joined(separator: ", "))
              stream      \(streams.joined(separator: "; "))
              dead letters \(environment.configuration.deadLetterFile.path)

            Try:
              curl -i -X POST \(url)/accounts/acc-1/open -H 'X-Owner: ann' -d '{}'
              curl -s -X POST \(url)/accounts/acc-1/deposit -H 'X-Owner: ann' -H 'Idempotency-Key: dep-1' -d '{"amount": 2500}'
              curl -s '\(url)/accounts/acc-1?minVersion=2' -H 'X-Owner: ann'
              curl -s \(url)/accounts -H 'X-Owner: ann'

            Ctrl-C stops everything.


            """
    }
}
