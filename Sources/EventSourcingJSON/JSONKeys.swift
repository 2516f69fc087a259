/// A few object keys, for `JSONScanner.nextKey(in:)` to recognise a member by, without building its key as a `String`.
///
/// ```swift
/// static let keys = JSONKeys(["rawPath", "body"])
/// while let index = try scanner.nextKey(in: keys) {
///     switch index {
///     case 0: path = try scanner.string()
///     case 1: body = try scanner.string()
///     default: try scanner.skipValue()  // keys.count: none of them
///     }
/// }
/// ```
public struct JSONKeys: Sendable {
    /// The keys, in the order given: `nextKey(in:)` answers with an index into them.
    public let names: [String]
    private let bytes: [[UInt8]]

    /// The keys `names`.
    public init(_ names: [String]) {
        self.names = names
        self.bytes = names.map { Array($0.utf8) }
    }

    /// The number of keys; what `nextKey(in:)` answers for a key that is none of them.
    public var count: Int { names.count }

    /// The index of the key whose UTF-8 is `key`, or `count`.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int {
        for (index, name) in bytes.enumerated() where name.count == key.count {
            if name.withUnsafeBufferPointer({ memoryEquals($0, key) }) { return index }
        }
        return count
    }

    private func memoryEquals(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 0..<lhs.count where lhs[offset] != rhs[offset] { return false }
        return true
    }
}

extension JSONScanner {
    /// The next member's key as its index in `keys` (`keys.count` when it is none of them), with the cursor on its
    /// value; nil (the `}` consumed) after the last. A key without escapes is compared where it lies, never built.
    public mutating func nextKey(in keys: JSONKeys) throws(JSONError) -> Int? {
        guard try nextMember(closing: UInt8(ascii: "}"), "an object") else { return nil }
        guard peekByte == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
        lastKeyQuote = offset
        let start = offset + 1
        var end = start
        while end < buffer.count {
            let byte = buffer[end]
            guard byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20, byte < 0x80 else { break }
            end += 1
        }
        let index: Int
        if end < buffer.count, buffer[end] == UInt8(ascii: "\"") {
            index = keys.index(of: UnsafeBufferPointer(rebasing: buffer[start..<end]))
            offset = end + 1
        } else {
            // Escapes or bytes past ASCII (or a broken key, refused here): unescaped and checked first.
            var key = try stringContent()
            index = key.withUTF8 { keys.index(of: $0) }
        }
        try colon()
        return index
    }

    /// The key `nextKey(in:)` read last, unescaped: for a message about a key it did not recognise.
    public func lastKey() -> String {
        var reader = JSONScanner(buffer: buffer, maxDepth: maxDepth)
        reader.offset = lastKeyQuote
        return (try? reader.stringContent()) ?? ""
    }
}
