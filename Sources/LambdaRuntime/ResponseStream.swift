import Synchronization

/// One loop's response as a `LambdaResponseWriter` writes it: idle until the handler writes, then streaming, then
/// done; `complete` ends it when the handler returns and gets it ready for the next invocation.
///
/// One per loop, reused from invocation to invocation: each call names its invocation, and only the loop's current
/// one may write, so that a writer kept past its invocation cannot write into another's response. Writes hold the
/// lock while they send: chunks written from concurrent tasks never interleave.
final class ResponseStream: Sendable {
    private enum Phase {
        case idle
        case streaming
        /// Complete; with the Runtime API's answer, or nil when there was none (the connection broke).
        case done(RuntimeAPIClient.PostOutcome?)
    }

    private struct State {
        var invocation: UInt64 = 0
        var phase = Phase.idle
        /// A failure that ends the process (a 500, no Runtime API left), raised by `complete`.
        var fatal: RuntimeAPIError?
        /// Why the stream broke off, for the log.
        var interruption: String?
    }

    let client: RuntimeAPIClient
    private let state = Mutex(State())

    init(client: RuntimeAPIClient) {
        self.client = client
    }

    func write(_ bytes: [UInt8], invocation: UInt64, requestID: String) throws(LambdaResponseError) {
        try state.withLock { state throws(LambdaResponseError) in
            guard state.invocation == invocation else { throw .finished }
            switch state.phase {
            case .idle: try start(&state, requestID: requestID, contentType: "application/octet-stream", first: bytes)
            case .streaming: try send(bytes, &state, requestID: requestID)
            case .done: throw .finished
            }
        }
    }

    func writePrelude(_ prelude: HTTPPrelude, invocation: UInt64, requestID: String) throws(LambdaResponseError) {
        try state.withLock { state throws(LambdaResponseError) in
            guard state.invocation == invocation else { throw .finished }
            switch state.phase {
            case .idle: try start(&state, requestID: requestID, contentType: HTTPPrelude.contentType, first: prelude.bytes)
            case .streaming: throw .streamStarted
            case .done: throw .finished
            }
        }
    }

    func respond(_ bytes: [UInt8], invocation: UInt64, requestID: String) throws(LambdaResponseError) {
        try state.withLock { state throws(LambdaResponseError) in
            guard state.invocation == invocation else { throw .finished }
            switch state.phase {
            case .idle: break
            case .streaming: throw .streamStarted
            case .done: throw .finished
            }
            let limit = Lambda.maxResponseBytes
            guard bytes.count <= limit else { throw .tooLarge(size: bytes.count, limit: limit) }
            do throws(RuntimeAPIError) {
                state.phase = .done(try client.postResponse(requestID: requestID, body: bytes))
            } catch {
                state.phase = .done(nil)
                state.fatal = error
                throw .interrupted(error.description)
            }
        }
    }

    func finish(invocation: UInt64, requestID: String) throws(LambdaResponseError) {
        try state.withLock { state throws(LambdaResponseError) in
            guard state.invocation == invocation else { throw .finished }
            switch state.phase {
            case .idle:
                try start(&state, requestID: requestID, contentType: "application/octet-stream", first: [])
                try end(&state, requestID: requestID, error: nil)
            case .streaming: try end(&state, requestID: requestID, error: nil)
            case .done: return
            }
        }
    }

    /// Ends `invocation`'s response once its handler has returned (`failure`: what it threw, if it did) and readies
    /// the stream for the next invocation. A failure before the first byte is posted to `/error`; after it, it goes
    /// in the trailers; after the response, it is only logged. Throws what must end the process.
    func complete(
        invocation: UInt64, requestID: String, failure: (any Error)?, logger: LambdaLogger
    ) throws(RuntimeAPIError) {
        try state.withLock { state throws(RuntimeAPIError) in
            defer { state = State(invocation: invocation &+ 1) }
            switch state.phase {
            case .idle:
                if let failure {
                    try client.reportFailure(failure, requestID: requestID, logger: logger).log(to: logger)
                    return
                }
                // Nothing was written: an empty stream. What goes wrong is in the state, reported below.
                do throws(LambdaResponseError) {
                    try start(&state, requestID: requestID, contentType: "application/octet-stream", first: [])
                    try end(&state, requestID: requestID, error: nil)
                } catch {}
            case .streaming:
                let report = failure.map(ErrorReport.init)
                if let report {
                    logger.error("invocation failed after its response began: \(report.message)", metadata: ["errorType": report.type])
                }
                try? end(&state, requestID: requestID, error: report)
            case .done:
                // The writer's own errors were the stream's; anything else came after the response.
                if let failure, !(failure is LambdaResponseError) {
                    let report = ErrorReport(failure)
                    logger.error("invocation failed after its response was sent: \(report.message)", metadata: ["errorType": report.type])
                }
            }
            if let fatal = state.fatal { throw fatal }
            if let interruption = state.interruption {
                logger.error("the streamed response was cut off: \(interruption)")
            } else if case .done(let outcome?) = state.phase {
                outcome.log(to: logger)
            }
        }
    }

    // MARK: - Steps, under the lock

    private func start(_ state: inout State, requestID: String, contentType: String, first: [UInt8]) throws(LambdaResponseError) {
        do throws(RuntimeAPIError) {
            try client.startStream(requestID: requestID, contentType: contentType, first: first)
            state.phase = .streaming
        } catch {
            fail(&state, error)
            throw .interrupted(error.description)
        }
    }

    private func send(_ bytes: [UInt8], _ state: inout State, requestID: String) throws(LambdaResponseError) {
        let step: RuntimeAPIClient.StreamStep
        do throws(RuntimeAPIError) {
            step = try client.sendChunk(bytes, requestID: requestID)
        } catch {
            fail(&state, error)
            throw .interrupted(error.description)
        }
        if case .answered(let outcome) = step {
            state.phase = .done(outcome)
            throw .refused(status: outcome.status)
        }
    }

    private func end(_ state: inout State, requestID: String, error: ErrorReport?) throws(LambdaResponseError) {
        let outcome: RuntimeAPIClient.PostOutcome
        do throws(RuntimeAPIError) {
            outcome = try client.endStream(requestID: requestID, error: error)
        } catch {
            fail(&state, error)
            throw .interrupted(error.description)
        }
        state.phase = .done(outcome)
        if outcome != .accepted { throw .refused(status: outcome.status) }
    }

    /// Records why the stream is over: a broken stream is logged, anything else ends the process.
    private func fail(_ state: inout State, _ error: RuntimeAPIError) {
        state.phase = .done(nil)
        if case .streamInterrupted(let reason) = error {
            state.interruption = reason
        } else {
            state.fatal = error
        }
    }
}
