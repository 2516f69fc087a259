import Foundation

/// An invocation between `invoke` and its answer. Its `complete` runs once; later calls do nothing.
final class PendingInvocation: @unchecked Sendable {
    let requestID: String
    let event: [UInt8]
    let deadlineMilliseconds: Int64
    let headers: [(String, String)]
    private let lock = NSLock()
    private var onComplete: (@Sendable (InvocationResult) -> Void)?

    init(
        requestID: String, event: [UInt8], deadlineMilliseconds: Int64, headers: [(String, String)],
        onComplete: @escaping @Sendable (InvocationResult) -> Void
    ) {
        self.requestID = requestID
        self.event = event
        self.deadlineMilliseconds = deadlineMilliseconds
        self.headers = headers
        self.onComplete = onComplete
    }

    /// Delivers the result to whoever waits; only the first call counts.
    func complete(_ result: InvocationResult) {
        lock.lock()
        let callback = onComplete
        onComplete = nil
        lock.unlock()
        callback?(result)
    }
}
