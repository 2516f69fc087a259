#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Where the local environment's components write: whole lines, each prefixed with the component's name
/// (`[CommandFunction] …`), never interleaved mid-line, written with one `write(2)` each. Much of what is written
/// comes from outside (requests, the functions' output, moto's errors), so every line is `escapedForConsole`.
public final class ConsoleLog: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    /// A log on standard output (or another open file descriptor).
    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    /// Writes each line of `text` with `[component] ` in front; empty lines are left out, and a CR ending a line
    /// is part of its line break.
    public func write(_ component: String, _ text: String) {
        var out: [UInt8] = []
        // Split on bytes: as Characters, CRLF is one and would not split on LF.
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            guard !content.isEmpty else { continue }
            out += Array("[\(component)] ".utf8)
            out += Array(String(decoding: content, as: UTF8.self).escapedForConsole.utf8)
            out.append(UInt8(ascii: "\n"))
        }
        writeRaw(out)
    }

    /// Writes `text` without a prefix, line breaks and empty lines kept (the banner and the examples).
    public func plain(_ text: String) {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        writeRaw(Array(lines.map { String(decoding: $0, as: UTF8.self).escapedForConsole }.joined(separator: "\n").utf8))
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
