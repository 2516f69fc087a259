#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random (version 4) UUIDs as lower-case text, for event and command ids. Foundation's `UUID()` opens, reads and
/// closes `/dev/urandom` for each one on Linux (three system calls, a measurable share of a warm command), and the
/// standard library's generator draws 8 bytes a call (two `getrandom` calls a UUID); this draws its 16 bytes from the
/// kernel in one `getentropy` call.
@usableFromInline
enum RandomUUID {
    private static let digits = Array("0123456789abcdef".utf8)

    /// A new random UUID, e.g. `1b4e28ba-2fa1-41d2-883f-0016d3cca427`.
    @usableFromInline
    static func string() -> String {
        var (high, low) = randomWords()
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)  // the RFC 4122 variant
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            func put(_ word: UInt64, nibbles: ClosedRange<Int>) {
                for nibble in nibbles.reversed() {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        buffer[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    buffer[index] = digits[Int((word >> UInt64(nibble * 4)) & 0xF)]
                    index += 1
                }
            }
            put(high, nibbles: 0...15)
            put(low, nibbles: 0...15)
            return index
        }
    }

    /// 16 random bytes from the kernel's generator. `getentropy` blocks until the generator is seeded, as the
    /// standard library's does, and fails only where the kernel has no `getrandom` (Linux before 3.17); there the
    /// standard library's generator, which falls back to `/dev/urandom`, supplies them.
    private static func randomWords() -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        #if canImport(Glibc) || canImport(Darwin)
        if withUnsafeMutableBytes(of: &words, { getentropy($0.baseAddress, $0.count) }) == 0 { return words }
        #endif
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }
}
