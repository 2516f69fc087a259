import Synchronization

/// Counts what a client sends, so that costs can be measured rather than guessed: requests per operation,
/// attempts (retries included), bytes each way.
public final class DynamoDBMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var requests: [String: Int] = [:]
        public var attempts = 0
        public var bytesSent = 0
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

    public init() {}

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
