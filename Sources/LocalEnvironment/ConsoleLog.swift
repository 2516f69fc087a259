#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Where the local environment's components write: whole lines, each prefixed with the component's name
/// (`[CommandFunction] …`), never interleaved mid-line, written with one `write(2)` each.
public final class ConsoleLog: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    /// A log on standard output (or another open file descriptor).
    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    /// Writes each line of `text` with `[component] ` in front.
    public func write(_ component: String, _ text: String) {
        var out: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            out += Array("[\(component)] ".utf8)
            out += Array(line.utf8)
            out.append(UInt8(ascii: "\n"))
        }
        writeRaw(out)
    }

    /// Writes `text` as is (the banner and the examples).
    public func plain(_ text: String) {
        writeRaw(Array(text.utf8))
    }

    private func writeRaw(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}
