extension JSONScanner {
    /// A string's content, unescaped; the cursor is on the opening quote.
    mutating func stringContent() throws(JSONError) -> String {
        offset += 1
        let start = offset
        // Fast path: no escapes, so the content is the bytes themselves (validated as UTF-8 unless all ASCII).
        var combined: UInt8 = 0
        while true {
            skipPlainWords(&combined)
            guard offset < buffer.count else { break }
            let byte = buffer[offset]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(start..<offset, ascii: combined < 0x80)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else {
                // The run before it is checked first, as it is after an escape.
                _ = try utf8(start..<offset, ascii: combined < 0x80)
                throw error("a control character must be escaped inside a string")
            }
            combined |= byte
            offset += 1
        }
        var text = try utf8(start..<offset, ascii: combined < 0x80)
        while offset < buffer.count {
            let byte = buffer[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return text
            case UInt8(ascii: "\\"):
                text.unicodeScalars.append(try escape())
            default:
                guard byte >= 0x20 else { throw error("a control character must be escaped inside a string") }
                let runStart = offset
                combined = 0
                while offset < buffer.count, buffer[offset] != UInt8(ascii: "\""), buffer[offset] != UInt8(ascii: "\\"), buffer[offset] >= 0x20 {
                    combined |= buffer[offset]
                    offset += 1
                }
                text += try utf8(runStart..<offset, ascii: combined < 0x80)
            }
        }
        throw JSONError("a string is not closed", at: start - 1)
    }

    /// Reads past a string (the cursor on its opening quote), checking it as `stringContent()` does, without building it.
    mutating func skipStringContent() throws(JSONError) {
        let quote = offset
        offset += 1
        var runStart = offset
        var combined: UInt8 = 0
        while true {
            skipPlainWords(&combined)
            guard offset < buffer.count else { break }
            let byte = buffer[offset]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                // Only a run with a byte past ASCII needs its UTF-8 checked.
                if combined >= 0x80 { _ = try utf8(runStart..<offset, ascii: false) }
                if byte == UInt8(ascii: "\"") {
                    offset += 1
                    return
                }
                _ = try escape()
                runStart = offset
                combined = 0
            default:
                guard byte >= 0x20 else {
                    if combined >= 0x80 { _ = try utf8(runStart..<offset, ascii: false) }
                    throw error("a control character must be escaped inside a string")
                }
                combined |= byte
                offset += 1
            }
        }
        if combined >= 0x80 { _ = try utf8(runStart..<offset, ascii: false) }
        throw JSONError("a string is not closed", at: quote)
    }

    /// Moves on eight bytes at a time while none is a quote, a backslash or a control character; `combined` gains
    /// 0x80 when a byte past ASCII went by.
    private mutating func skipPlainWords(_ combined: inout UInt8) {
        guard let base = buffer.baseAddress else { return }
        while buffer.count - offset >= 8 {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            if Self.holdsSpecialByte(word) { return }
            if word & Self.highBits != 0 { combined |= 0x80 }
            offset += 8
        }
    }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True when a byte of `word` may be `"`, `\` or below 0x20 (never false when one is; the bytes are then looked
    /// at one by one).
    private static func holdsSpecialByte(_ word: UInt64) -> Bool {
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- lowBits) & ~value & highBits != 0 }
        let hasControl = (word &- lowBits &* 0x20) & ~word & highBits != 0
        return hasControl || hasZeroByte(word ^ (lowBits &* 0x22)) || hasZeroByte(word ^ (lowBits &* 0x5C))
    }

    private func utf8(_ range: Range<Int>, ascii: Bool) throws(JSONError) -> String {
        let bytes = UnsafeBufferPointer(rebasing: buffer[range])
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw JSONError("a string is not valid UTF-8", at: range.lowerBound)
        }
        return text
    }

    /// One escape sequence; the cursor is on the backslash.
    private mutating func escape() throws(JSONError) -> Unicode.Scalar {
        let start = offset
        offset += 1
        guard let byte = peekByte else { throw JSONError("a string is not closed", at: start) }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4()
            switch unit {
            case 0xD800..<0xDC00:
                guard buffer.count - offset >= 6, buffer[offset] == UInt8(ascii: "\\"), buffer[offset + 1] == UInt8(ascii: "u") else {
                    throw JSONError("a high surrogate escape is not followed by a low one", at: start)
                }
                offset += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw JSONError("a high surrogate escape is not followed by a low one", at: start) }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
            case 0xDC00..<0xE000:
                throw JSONError("a low surrogate escape without a high one", at: start)
            default:
                return Unicode.Scalar(unit)!
            }
        default:
            throw JSONError("an unknown escape sequence", at: start)
        }
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard buffer.count - offset >= 4 else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }
}
