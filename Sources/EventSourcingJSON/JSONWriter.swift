/// Writes JSON text straight into bytes, compactly: objects' members in the order they are written, strings
/// escaped as RFC 8259 requires, numbers as their text. Commas are placed by the writer.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("id"); writer.string("acc-1")
/// writer.key("version"); writer.number(3)
/// writer.endObject()
/// writer.bytes  // {"id":"acc-1","version":3}
/// ```
///
/// `JSONWriter.bytes(_:)` writes a whole `JSON` value canonically (object keys sorted), so that equal values
/// always give equal bytes.
public struct JSONWriter: Sendable {
    /// What has been written so far.
    public private(set) var bytes: [UInt8] = []
    /// How many arrays and objects are open.
    private var depth = 0
    /// Whether the innermost open array or object's next element needs a comma before it. The enclosing ones' always
    /// do: a container nested in one is an element of it, so no flag per level is kept.
    private var needsComma = false
    /// Set by `key(_:)`: the next value is that member's.
    private var valueFollowsKey = false

    /// An empty writer.
    public init() {}

    /// An empty writer with room for `capacity` bytes before its buffer grows.
    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The canonical bytes of `value` (object keys sorted).
    public static func bytes(_ value: JSON) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Starts an object.
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        open()
    }

    /// Ends the innermost object.
    public mutating func endObject() {
        close()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Starts an array.
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        open()
    }

    /// Ends the innermost array.
    public mutating func endArray() {
        close()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a member's key; its value comes next.
    public mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        valueFollowsKey = true
    }

    /// Writes a string value.
    public mutating func string(_ text: String) {
        separate()
        appendString(text)
    }

    /// Writes an integer value.
    public mutating func number(_ value: some BinaryInteger) {
        separate()
        bytes += String(value).utf8
    }

    /// Writes a number given as JSON number text (for example a DynamoDB `N`), unchanged.
    public mutating func number(text: String) {
        separate()
        bytes += text.utf8
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ flag: Bool) {
        separate()
        bytes += (flag ? "true" : "false").utf8
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes += "null".utf8
    }

    /// Writes a whole `JSON` value (object keys sorted).
    public mutating func value(_ value: JSON) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let text): number(text: text)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(name)
                self.value(members[name]!)
            }
            endObject()
        }
    }

    /// Writes the comma a key or an element needs; a member's value, right after its key, needs none.
    private mutating func separate() {
        if valueFollowsKey {
            valueFollowsKey = false
            return
        }
        guard depth > 0 else { return }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// A new innermost container, whose first element needs no comma.
    private mutating func open() {
        depth += 1
        needsComma = false
    }

    /// Back to the enclosing container, which holds at least the one just closed.
    private mutating func close() {
        precondition(depth > 0, "JSONWriter: a container ended that was not begun")
        depth -= 1
        needsComma = true
    }

    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs that need no escape are copied whole.
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes += #"\""#.utf8
                case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
                case UInt8(ascii: "\n"): bytes += #"\n"#.utf8
                case UInt8(ascii: "\r"): bytes += #"\r"#.utf8
                case UInt8(ascii: "\t"): bytes += #"\t"#.utf8
                default:
                    bytes += #"\u00"#.utf8
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
