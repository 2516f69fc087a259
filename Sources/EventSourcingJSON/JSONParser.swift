/// Parses JSON text (RFC 8259) strictly, in one pass over the bytes.
///
/// Refused, each with a `JSONError` naming the reason and the offset: anything but exactly one value surrounded by
/// whitespace; an object naming a key twice; invalid UTF-8 (also inside strings); unescaped control characters;
/// lone surrogates in `\u` escapes; numbers outside JSON's grammar (`01`, `1.`, `+1`, `NaN`); nesting deeper than
/// `maxDepth`. Numbers keep their text.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted (a guard against stack exhaustion).
    public var maxDepth: Int

    /// A parser that accepts nesting up to `maxDepth` levels.
    public init(maxDepth: Int = 128) {
        self.maxDepth = maxDepth
    }

    /// The value `bytes` hold.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSON {
        let result: Result<JSON, JSONError> = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try parseDocument(buffer) }
        } ?? Array(bytes).withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) in try parseDocument(buffer) }
        }
        return try result.get()
    }

    private func parseDocument(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSON {
        var cursor = Cursor(buffer: buffer, maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw JSONError("unexpected text after the JSON value", at: cursor.offset) }
        return value
    }
}

/// The parser's position in the bytes.
private struct Cursor {
    let buffer: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var offset = 0

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.buffer = buffer
        self.maxDepth = maxDepth
    }

    var atEnd: Bool { offset >= buffer.count }

    var peek: UInt8? { offset < buffer.count ? buffer[offset] : nil }

    mutating func skipWhitespace() {
        while offset < buffer.count {
            switch buffer[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONError) -> JSON {
        guard let byte = peek else { throw JSONError("the JSON text ends where a value should be", at: offset) }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw JSONError("unexpected character where a value should be", at: offset)
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard buffer.count - offset >= count,
              (0..<count).allSatisfy({ buffer[offset + $0] == word.utf8Start[$0] })
        else { throw JSONError("unexpected character where a value should be", at: offset) }
        offset += count
    }

    private mutating func object(depth: Int) throws(JSONError) -> JSON {
        guard depth <= maxDepth else { throw JSONError("nested deeper than \(maxDepth) levels", at: offset) }
        offset += 1
        var members: [String: JSON] = [:]
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            offset += 1
            return .object(members)
        }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw JSONError("expected a key in quotes", at: offset) }
            let keyOffset = offset
            let key = try string()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw JSONError("expected ':' after a key", at: offset) }
            offset += 1
            skipWhitespace()
            let member = try value(depth: depth)
            guard members.updateValue(member, forKey: key) == nil else {
                throw JSONError("the key \"\(key)\" appears twice in one object", at: keyOffset)
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                offset += 1
                return .object(members)
            default:
                throw JSONError("expected ',' or '}' in an object", at: offset)
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONError) -> JSON {
        guard depth <= maxDepth else { throw JSONError("nested deeper than \(maxDepth) levels", at: offset) }
        offset += 1
        var elements: [JSON] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            offset += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                offset += 1
                return .array(elements)
            default:
                throw JSONError("expected ',' or ']' in an array", at: offset)
            }
        }
    }

    /// A number's text: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(JSONError) -> String {
        let start = offset
        if peek == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek, isDigit(first) else { throw JSONError("a number needs a digit after '-'", at: offset) }
        offset += 1
        if first == UInt8(ascii: "0"), let next = peek, isDigit(next) {
            throw JSONError("a number cannot have a leading zero", at: start)
        }
        skipDigits()
        if peek == UInt8(ascii: ".") {
            offset += 1
            guard let next = peek, isDigit(next) else { throw JSONError("a number needs digits after '.'", at: offset) }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            offset += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { offset += 1 }
            guard let next = peek, isDigit(next) else { throw JSONError("a number needs digits in its exponent", at: offset) }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<offset]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipDigits() {
        while let byte = peek, isDigit(byte) { offset += 1 }
    }

    /// A string's content, unescaped; the cursor is on the opening quote.
    mutating func string() throws(JSONError) -> String {
        offset += 1
        let start = offset
        // Fast path: no escapes, so the content is the bytes themselves (validated as UTF-8).
        while offset < buffer.count {
            let byte = buffer[offset]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(start..<offset)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw JSONError("a control character must be escaped inside a string", at: offset) }
            offset += 1
        }
        var text = try utf8(start..<offset)
        while offset < buffer.count {
            let byte = buffer[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return text
            case UInt8(ascii: "\\"):
                text.unicodeScalars.append(try escape())
            default:
                guard byte >= 0x20 else { throw JSONError("a control character must be escaped inside a string", at: offset) }
                let runStart = offset
                while offset < buffer.count, buffer[offset] != UInt8(ascii: "\""), buffer[offset] != UInt8(ascii: "\\"), buffer[offset] >= 0x20 {
                    offset += 1
                }
                text += try utf8(runStart..<offset)
            }
        }
        throw JSONError("a string is not closed", at: start - 1)
    }

    private func utf8(_ range: Range<Int>) throws(JSONError) -> String {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self) else {
            throw JSONError("a string is not valid UTF-8", at: range.lowerBound)
        }
        return text
    }

    /// One escape sequence; the cursor is on the backslash.
    private mutating func escape() throws(JSONError) -> Unicode.Scalar {
        let start = offset
        offset += 1
        guard let byte = peek else { throw JSONError("a string is not closed", at: start) }
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
        guard buffer.count - offset >= 4 else { throw JSONError("a \\u escape needs four hex digits", at: offset) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONError("a \\u escape needs four hex digits", at: offset)
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }
}
