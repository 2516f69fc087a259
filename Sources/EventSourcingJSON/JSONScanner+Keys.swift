extension JSONScanner {
    /// The next member's key as its index in `keys` (`keys.count` when it is none of them), with the cursor on its
    /// value; nil (the `}` consumed) after the last. A key without escapes is compared where it lies, never built.
    public mutating func nextKey(in keys: JSONKeys) throws(JSONError) -> Int? {
        guard try atNextKey() else { return nil }
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

    /// The key `nextKey(in:)` read last (`nextKey()` does not count), unescaped: for a message about a key it did not
    /// recognise. Empty before `nextKey(in:)` has read one.
    public func lastKey() -> String {
        guard lastKeyQuote >= 0 else { return "" }
        var reader = JSONScanner(buffer: buffer, maxDepth: maxDepth)
        reader.offset = lastKeyQuote
        return (try? reader.stringContent()) ?? ""
    }
}
