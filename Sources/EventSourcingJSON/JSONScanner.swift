/// Reads JSON text (RFC 8259) token by token in one pass over the bytes, so that a decoder can build its own values
/// directly, with no `JSON` tree and no `Codable` in between. `JSONParser` is built on it.
///
/// The caller drives: `beginObject()` then `nextKey()` until it returns nil, `beginArray()` then `nextElement()`
/// until it returns false, and `string()`, `numberText()`, `bool()`, `null()`, `skipValue()` or `value()` for each
/// value. Everything read is checked as strictly as `JSONParser` checks it (UTF-8, escapes, control characters,
/// number grammar, nesting deeper than `maxDepth`); anything else is a `JSONError` with the offset, never a crash.
/// Keys are returned as they come: refusing a duplicate is up to the caller, which knows what it builds.
///
/// ```swift
/// let names = try JSONScanner.scan(bytes) { (scanner) throws(JSONError) -> [String] in
///     var names: [String] = []
///     try scanner.beginArray()
///     while try scanner.nextElement() { names.append(try scanner.string()) }
///     return names
/// }
/// ```
///
/// It cannot be copied or kept: it reads the bytes in place, only inside `scan(_:maxDepth:_:)`.
public struct JSONScanner: ~Copyable {
    /// What the next value is, from its first byte.
    public enum ValueKind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    let buffer: UnsafeBufferPointer<UInt8>
    /// The deepest nesting of arrays and objects accepted.
    public let maxDepth: Int
    /// The offset of the next byte to read.
    public internal(set) var offset = 0
    private var depth = 0
    /// Where the key `nextKey(in:)` read last starts (its opening quote); -1 before it has read one.
    var lastKeyQuote = -1
    /// Set by `beginObject`/`beginArray`: the next member or element is the first, with no comma before it.
    private var atContainerStart = false

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.buffer = buffer
        self.maxDepth = maxDepth
    }

    /// Runs `body` on a scanner over `bytes`, then requires that only whitespace follows what `body` read.
    public static func scan<Result>(
        _ bytes: some Collection<UInt8>, maxDepth: Int = 128, _ body: (inout JSONScanner) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Swift.Result { () throws(JSONError) in try scan(buffer, maxDepth: maxDepth, body) }
        }
        if let result { return try result.get() }
        return try scan(Array(bytes), maxDepth: maxDepth, body)
    }

    /// `scan(_:maxDepth:_:)` over an array's bytes: the common case, with no generic collection in between.
    public static func scan<Result>(
        _ bytes: [UInt8], maxDepth: Int = 128, _ body: (inout JSONScanner) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) in try scan(buffer, maxDepth: maxDepth, body) }
    }

    /// `scan(_:maxDepth:_:)` over bytes in memory, read in place.
    public static func scan<Result>(
        _ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int = 128, _ body: (inout JSONScanner) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        var scanner = JSONScanner(buffer: buffer, maxDepth: maxDepth)
        let value = try body(&scanner)
        scanner.skipWhitespace()
        guard scanner.offset == buffer.count else { throw JSONError("unexpected text after the JSON value", at: scanner.offset) }
        return value
    }

    /// An error at the current offset, for a decoder's own reasons (`"an item needs a key"`).
    public func error(_ reason: String) -> JSONError { JSONError(reason, at: offset) }

    // MARK: - Structure

    /// What the next value is; nothing is consumed but whitespace.
    public mutating func peekKind() throws(JSONError) -> ValueKind {
        skipWhitespace()
        guard offset < buffer.count else { throw error("the JSON text ends where a value should be") }
        switch buffer[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected character where a value should be")
        }
    }

    /// Reads the `{` that opens an object; its members follow through `nextKey()`.
    public mutating func beginObject() throws(JSONError) {
        try open(UInt8(ascii: "{"), "an object")
    }

    /// The key of the object's next member, with the cursor on its value; nil (the `}` consumed) after the last.
    public mutating func nextKey() throws(JSONError) -> String? {
        guard try atNextKey() else { return nil }
        let key = try stringContent()
        try colon()
        return key
    }

    /// Like `nextKey()`, but reads past the key without building it: false (the `}` consumed) after the last member.
    private mutating func skipKey() throws(JSONError) -> Bool {
        guard try atNextKey() else { return false }
        try skipStringContent()
        try colon()
        return true
    }

    /// True with the cursor on the opening quote of the object's next key; false (the `}` consumed) after the last.
    mutating func atNextKey() throws(JSONError) -> Bool {
        guard try nextMember(closing: UInt8(ascii: "}"), "an object") else { return false }
        guard peekByte == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
        return true
    }

    mutating func colon() throws(JSONError) {
        skipWhitespace()
        guard peekByte == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        offset += 1
    }

    /// Reads the `[` that opens an array; its elements follow through `nextElement()`.
    public mutating func beginArray() throws(JSONError) {
        try open(UInt8(ascii: "["), "an array")
    }

    /// True with the cursor on the array's next element; false (the `]` consumed) after the last.
    public mutating func nextElement() throws(JSONError) -> Bool {
        try nextMember(closing: UInt8(ascii: "]"), "an array")
    }

    private mutating func open(_ bracket: UInt8, _ kind: String) throws(JSONError) {
        skipWhitespace()
        guard peekByte == bracket else { throw error("expected \(kind)") }
        guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
        depth += 1
        offset += 1
        atContainerStart = true
    }

    /// Past the comma before the next member or element (none before the first): true when there is one.
    private mutating func nextMember(closing: UInt8, _ kind: String) throws(JSONError) -> Bool {
        skipWhitespace()
        guard let byte = peekByte else { throw error("the JSON text ends inside \(kind)") }
        if byte == closing {
            offset += 1
            depth -= 1
            atContainerStart = false
            return false
        }
        if atContainerStart {
            atContainerStart = false
        } else {
            guard byte == UInt8(ascii: ",") else { throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))' in \(kind)") }
            offset += 1
            skipWhitespace()
        }
        return true
    }

    // MARK: - Scalars

    /// A string value, unescaped.
    public mutating func string() throws(JSONError) -> String {
        skipWhitespace()
        guard peekByte == UInt8(ascii: "\"") else { throw error("expected a string") }
        return try stringContent()
    }

    /// A number value's text, exactly as written: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    public mutating func numberText() throws(JSONError) -> String {
        let start = try skipNumber()
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<offset]), as: UTF8.self)
    }

    /// Reads past a number, checking its grammar; returns the offset where it starts.
    @discardableResult
    private mutating func skipNumber() throws(JSONError) -> Int {
        skipWhitespace()
        let start = offset
        if peekByte == UInt8(ascii: "-") { offset += 1 }
        guard let first = peekByte, Self.isDigit(first) else {
            throw start == offset ? error("expected a number") : error("a number needs a digit after '-'")
        }
        offset += 1
        if first == UInt8(ascii: "0"), let next = peekByte, Self.isDigit(next) {
            throw JSONError("a number cannot have a leading zero", at: start)
        }
        skipDigits()
        if peekByte == UInt8(ascii: ".") {
            offset += 1
            guard let next = peekByte, Self.isDigit(next) else { throw error("a number needs digits after '.'") }
            skipDigits()
        }
        if peekByte == UInt8(ascii: "e") || peekByte == UInt8(ascii: "E") {
            offset += 1
            if peekByte == UInt8(ascii: "+") || peekByte == UInt8(ascii: "-") { offset += 1 }
            guard let next = peekByte, Self.isDigit(next) else { throw error("a number needs digits in its exponent") }
            skipDigits()
        }
        return start
    }

    /// `true` or `false`.
    public mutating func bool() throws(JSONError) -> Bool {
        skipWhitespace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw error("expected true or false")
    }

    /// `null`.
    public mutating func null() throws(JSONError) {
        skipWhitespace()
        guard literal("null") else { throw error("expected null") }
    }

    /// Reads past the next value, checking it as strictly as any other (duplicate keys aside), building nothing.
    public mutating func skipValue() throws(JSONError) {
        switch try peekKind() {
        case .object:
            try beginObject()
            while try skipKey() { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string: try skipStringContent()
        case .number: try skipNumber()
        case .bool: _ = try bool()
        case .null: try null()
        }
    }

    // MARK: - Bytes

    var peekByte: UInt8? { offset < buffer.count ? buffer[offset] : nil }

    mutating func skipWhitespace() {
        while offset < buffer.count {
            switch buffer[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes `word` when the bytes at the cursor spell it.
    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard buffer.count - offset >= count, (0..<count).allSatisfy({ buffer[offset + $0] == word.utf8Start[$0] }) else { return false }
        offset += count
        return true
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipDigits() {
        while let byte = peekByte, Self.isDigit(byte) { offset += 1 }
    }
}
