#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Keeps `_X_AMZN_TRACE_ID` equal to the current invocation's trace id.
///
/// Not with `setenv`: glibc keeps every distinct value ever set in a search tree so that it can hand out
/// stable pointers, and with a new trace id per invocation that tree grows for the life of the sandbox
/// (about 100 bytes per invocation, plus a tree search each time). Instead the variable points into a
/// buffer owned here (`putenv` stores the pointer, not a copy) whose contents are rewritten in place.
final class TraceIDVariable {
    private static let prefix = Array("_X_AMZN_TRACE_ID=".utf8)
    private var buffer: UnsafeMutablePointer<CChar>
    private var capacity: Int
    private var installed = false

    init(capacity: Int = 256) {
        self.capacity = capacity
        buffer = Self.allocate(capacity: capacity)
    }

    /// A buffer that starts with the `_X_AMZN_TRACE_ID=` prefix.
    private static func allocate(capacity: Int) -> UnsafeMutablePointer<CChar> {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        prefix.withUnsafeBytes { _ = memcpy(buffer, $0.baseAddress!, prefix.count) }
        return buffer
    }

    /// Sets the variable to `value`, or removes it when nil.
    func set(_ value: String?) {
        guard let value else {
            if installed {
                unsetenv("_X_AMZN_TRACE_ID")
                installed = false
            }
            return
        }
        let needed = Self.prefix.count + value.utf8.count + 1
        var retired: UnsafeMutablePointer<CChar>?
        if needed > capacity {
            retired = buffer
            capacity = max(needed, capacity * 2)
            buffer = Self.allocate(capacity: capacity)
            installed = false
        }
        var text = value
        text.withUTF8 { if let base = $0.baseAddress { _ = memcpy(buffer + Self.prefix.count, base, $0.count) } }
        buffer[needed - 1] = 0
        if !installed {
            putenv(buffer)
            installed = true
        }
        // Free the old buffer only once the environment no longer points at it.
        retired?.deallocate()
    }
}
