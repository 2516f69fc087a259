#if canImport(Glibc)
import Glibc
#endif

/// A failure of a socket system call, with the call's name and `errno`.
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system call that failed (`connect`, `recv`, …) or a short reason.
    public var operation: String
    /// The `errno` value, or 0 when the failure is not a system error (for example an unresolvable host).
    public var code: Int32

    /// A failure of `operation` with `code`, by default the current `errno`.
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    /// The operation that failed and, for a system error, `strerror`'s message and the `errno` value.
    public var description: String {
        guard code != 0, let message = strerror(code) else { return "\(operation) failed" }
        return "\(operation) failed: \(String(cString: message)) (errno \(code))"
    }
}
