import Synchronization

/// An invocation between `invoke` and its answer. Its `complete` runs once; later calls do nothing.
final class PendingInvocation: Sendable {
    let requestID: String
    let event: [UInt8]
    let deadlineMilliseconds: Int64
    let headers: [(String, String)]
    /// Told about a streamed response as it arrives.
    let onStream: (@Sendable (ResponseStreamEvent) -> Void)?
    private let onComplete: Mutex<(@Sendable (InvocationResult) -> Void)?>

    init(
        requestID: String, event: [UInt8], deadlineMilliseconds: Int64, headers: [(String, String)],
        onStream: (@Sendable (ResponseStreamEvent) -> Void)?, onComplete: @escaping @Sendable (InvocationResult) -> Void
    ) {
        self.requestID = requestID
        self.event = event
        self.deadlineMilliseconds = deadlineMilliseconds
        self.headers = headers
        self.onStream = onStream
        self.onComplete = Mutex(onComplete)
    }

    /// Delivers the result to whoever waits; only the first call counts.
    func complete(_ result: InvocationResult) {
        onComplete.withLock { $0.take() }?(result)
    }
}
