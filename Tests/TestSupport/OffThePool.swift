import Foundation

/// Runs blocking work (a child process, a server's start or stop) on a thread of its own, not on the cooperative pool
/// other tests' tasks need (it has as many threads as cores).
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
