import Synchronization

/// Counts what a client sends, so that costs can be measured rather than guessed: requests per operation,
/// attempts (retries included), bytes each way.
public final class DynamoDBMetrics: Sendable {
    /// The counts at one moment (or, from `since(_:)`, over an interval).
    public struct Snapshot: Sendable, Equatable {
        /// Calls sent, per operation name (`PutItem`, `Query`, …), whether they succeeded or not; retries add none.
        public var requests: [String: Int] = [:]
        /// HTTP attempts, retries included.
        public var attempts = 0
        /// Request body bytes, counted once per call however many attempts it took.
        public var bytesSent = 0
        /// Body bytes of the successful responses; a call that fails adds none.
        public var bytesReceived = 0

        /// Requests of every operation.
        public var totalRequests: Int { requests.values.reduce(0, +) }

        /// What happened between `earlier` and this snapshot.
        public func since(_ earlier: Snapshot) -> Snapshot {
            var difference = Snapshot()
            for (operation, count) in requests where count - (earlier.requests[operation] ?? 0) > 0 {
                difference.requests[operation] = count - (earlier.requests[operation] ?? 0)
            }
            difference.attempts = attempts - earlier.attempts
            difference.bytesSent = bytesSent - earlier.bytesSent
            difference.bytesReceived = bytesReceived - earlier.bytesReceived
            return difference
        }
    }

    private let state = Mutex(Snapshot())

    /// Metrics with every count at zero.
    public init() {}

    /// The counts so far.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func record(operation: String, sent: Int, received: Int, attempts: Int) {
        state.withLock {
            $0.requests[operation, default: 0] += 1
            $0.attempts += attempts
            $0.bytesSent += sent
            $0.bytesReceived += received
        }
    }
}
