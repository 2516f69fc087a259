import Synchronization

/// The work a loop's invocations register with `LambdaContext.afterResponse`, run once the answer is posted and
/// before the loop asks for the next event.
///
/// One per loop, reused from invocation to invocation (nothing is allocated per invocation): each registration
/// names the invocation it belongs to, and only the loop's current one is accepted. Work registered by a context
/// that outlived its invocation would otherwise run with another invocation's, or never.
final class DeferredWork: Sendable {
    /// Something to do after the response; what it throws is logged.
    typealias Work = @Sendable () async throws -> Void

    private struct State {
        /// The invocation whose work is accepted now.
        var invocation: UInt64 = 0
        var work: [Work] = []
    }

    private let state = Mutex(State())

    /// Registers `work` for `invocation`; false when that invocation is over.
    func add(_ work: @escaping Work, for invocation: UInt64) -> Bool {
        state.withLock { state in
            guard state.invocation == invocation else { return false }
            state.work.append(work)
            return true
        }
    }

    /// Runs `work`, then any work `invocation` registers meanwhile, in the order registered, logging what throws;
    /// then closes `invocation`, so that the next one's work is accepted.
    func run(_ work: [Work], for invocation: UInt64, logger: LambdaLogger) async {
        var batch = work
        while true {
            for work in batch {
                do {
                    try await work()
                } catch {
                    let report = ErrorReport(error)
                    logger.error("work after the response failed: \(report.message)", metadata: ["errorType": report.type])
                }
            }
            guard let more = takeOrClose(invocation) else { return }
            batch = more
        }
    }

    /// The work waiting for `invocation`, or nil once there is none (`invocation` is then closed).
    func takeOrClose(_ invocation: UInt64) -> [Work]? {
        state.withLock { state in
            guard state.invocation == invocation else { return nil }
            guard !state.work.isEmpty else {
                state.invocation = invocation &+ 1
                return nil
            }
            defer { state.work.removeAll() }
            return state.work
        }
    }
}
