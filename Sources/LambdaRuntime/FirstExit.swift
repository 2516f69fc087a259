import Synchronization

/// Hands the first loop's exit to whoever waits for it, and ignores the others': with several loops, one that ends
/// (a 500, the Runtime API gone) ends the process.
final class FirstExit<Exit: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Exit, Never>?>

    init(_ continuation: CheckedContinuation<Exit, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with exit: Exit) {
        continuation.withLock { $0.take() }?.resume(returning: exit)
    }
}
