/// A JSON value as it was written: numbers keep their text, so that `1.0000000000000001` is never rounded to `1`
/// and a 20-digit integer is never squeezed through `Double`.
///
/// Objects are dictionaries: `JSONParser` refuses an object that names a key twice, so nothing is silently dropped.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's text, exactly as written (valid JSON number grammar).
    case number(String)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// The object's members, or nil when the value is not an object.
    public var objectValue: [String: JSON]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// The string, or nil when the value is not a string.
    public var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// The number as an exact integer, when it is one (see `ExactInteger`); nil for anything else.
    public var int64Value: Int64? {
        if case .number(let text) = self, case .integer(let value) = ExactInteger(text) { value } else { nil }
    }

    /// A short name of the value's kind, for error messages (`"a string"`, `"an object"`).
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSON {
    /// The value as text: a string as it is, a number as its text, a boolean spelt out; nil for the rest (as API
    /// Gateway passes JWT claims: all text).
    public var text: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
