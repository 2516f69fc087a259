import EventSourcingCSHA256

/// SHA-256 (FIPS 180-4). Foundation on Linux has none, and the toolchain is all this project uses. Where the CPU has SHA
/// instructions (x86-64's SHA extensions), blocks are compressed by them; elsewhere by Swift rounds.
public struct SHA256: Sendable {
    /// The digest length, in bytes.
    public static let byteCount = 32

    /// Whether this CPU has SHA instructions (x86-64's SHA extensions), asked once: then blocks are compressed by them,
    /// else by the Swift rounds below. The digests are the same.
    package static let hardwareAvailable = es_sha256_hardware_available()

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    )
    /// Input not compressed yet (less than a block): the first `pendingCount` bytes of these 64.
    private var pending: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    private var length: UInt64 = 0
    private let usesHardware: Bool

    /// A hasher that has been fed nothing yet.
    public init() {
        usesHardware = Self.hardwareAvailable
    }

    /// A hasher that compresses with the Swift rounds even where the CPU has SHA instructions, so that tests can hold
    /// the two ways against each other.
    package init(portable: Void) {
        usesHardware = false
    }

    /// The digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Feeds more input.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done == nil { update(Array(bytes)) }
    }

    private mutating func update(buffer: UnsafeRawBufferPointer) {
        guard var input = buffer.baseAddress, !buffer.isEmpty else { return }
        var count = buffer.count
        length &+= UInt64(count)
        if pendingCount > 0 {
            let take = min(64 - pendingCount, count)
            let start = pendingCount
            withUnsafeMutableBytes(of: &pending) { ($0.baseAddress! + start).copyMemory(from: input, byteCount: take) }
            pendingCount += take
            input += take
            count -= take
            guard pendingCount == 64 else { return }
            let block = pending
            withUnsafeBytes(of: block) { compress($0.baseAddress!, blocks: 1) }
            pendingCount = 0
        }
        if count >= 64 {
            compress(input, blocks: count / 64)
            input += count & ~63
            count &= 63
        }
        if count > 0 {
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: input, byteCount: count) }
            pendingCount = count
        }
    }

    /// The digest of everything fed so far. The hasher is left as it was: more input may follow, and a later
    /// `finalize` covers it too.
    public func finalize() -> [UInt8] {
        var padded = self
        return padded.finish()
    }

    /// Pads and compresses the tail into this hasher's state, then reads the digest off it.
    private mutating func finish() -> [UInt8] {
        // The tail: the pending bytes, 0x80, zeros, the length in bits as 8 big-endian bytes; one block or two.
        var tail: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        let blocks = pendingCount + 9 <= 64 ? 1 : 2
        let pendingBytes = pending, count = pendingCount, bitLength = length &* 8
        withUnsafeMutableBytes(of: &tail) { tail in
            withUnsafeBytes(of: pendingBytes) { tail.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            tail[count] = 0x80
            tail.storeBytes(of: bitLength.bigEndian, toByteOffset: blocks * 64 - 8, as: UInt64.self)
        }
        withUnsafeBytes(of: tail) { compress($0.baseAddress!, blocks: blocks) }
        return [UInt8](unsafeUninitializedCapacity: Self.byteCount) { digest, count in
            withUnsafeBytes(of: state) { words in
                for index in 0..<8 {
                    let word = words.load(fromByteOffset: index * 4, as: UInt32.self)
                    for byte in 0..<4 { digest[index * 4 + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32(byte))) }
                }
            }
            count = Self.byteCount
        }
    }

    /// 64 bytes, kept inline (no allocation per hasher).
    private typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Compresses `blocks` whole blocks from `data` into the state.
    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        if usesHardware {
            withUnsafeMutableBytes(of: &state) { words in
                es_sha256_hardware_compress(words.baseAddress!.assumingMemoryBound(to: UInt32.self), data.assumingMemoryBound(to: UInt8.self), blocks)
            }
        } else {
            for block in 0..<blocks { compress(data + 64 * block) }
        }
    }

    private mutating func compress(_ block: UnsafeRawPointer) {
        var w = (
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0)
        )
        withUnsafeMutableBytes(of: &w) { words in
            let w = words.bindMemory(to: UInt32.self)
            for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
        }
        var (a, b, c, d, e, f, g, h) = state
        withUnsafeMutableBytes(of: &w) { words in
            let w = words.bindMemory(to: UInt32.self)
            withUnsafeBytes(of: es_sha256_round_constants) { constants in
                let k = constants.assumingMemoryBound(to: UInt32.self)
                /// Round `i`'s word: the block's own for the first 16, then the message schedule, kept in 16 words.
                @inline(__always) func word(_ i: Int) -> UInt32 {
                    guard i >= 16 else { return w[i] }
                    let w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15]
                    let s0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
                    let s1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
                    let next = w[i & 15] &+ s0 &+ w[(i - 7) & 15] &+ s1
                    w[i & 15] = next
                    return next
                }
                /// One round, written so that eight in a row need no shuffling of the eight words: the caller names
                /// them in their roles for round `i` (`d` and `h` are the two that change). `ch` and `maj` take
                /// their forms with one operation fewer than the specification's.
                @inline(__always) func round(
                    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ i: Int
                ) {
                    let t1 = h &+ (e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)) &+ (g ^ (e & (f ^ g))) &+ k[i] &+ word(i)
                    d = d &+ t1
                    h = t1 &+ (a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)) &+ ((a & b) | (c & (a | b)))
                }
                for i in stride(from: 0, to: 64, by: 8) {
                    round(a, b, c, &d, e, f, g, &h, i)
                    round(h, a, b, &c, d, e, f, &g, i + 1)
                    round(g, h, a, &b, c, d, e, &f, i + 2)
                    round(f, g, h, &a, b, c, d, &e, i + 3)
                    round(e, f, g, &h, a, b, c, &d, i + 4)
                    round(d, e, f, &g, h, a, b, &c, i + 5)
                    round(c, d, e, &f, g, h, a, &b, i + 6)
                    round(b, c, d, &e, f, g, h, &a, i + 7)
                }
            }
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
    }
}

extension UInt32 {
    @inline(__always) func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}
