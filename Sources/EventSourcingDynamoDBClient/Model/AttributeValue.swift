#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A DynamoDB attribute value: an object with exactly one of `S`, `N`, `B`, `BOOL`, `NULL`, `SS`, `NS`, `BS`,
/// `L`, `M`.
///
/// Numbers stay the decimal strings DynamoDB sends (up to 38 digits) until a caller asks for a Swift number, so
/// nothing is lost on the way through. Binary values are base64 in JSON and `Data` here.
public enum AttributeValue: Sendable, Hashable {
    case s(String)
    case n(String)
    case b(Data)
    case bool(Bool)
    case null
    case ss([String])
    case ns([String])
    case bs([Data])
    case l([AttributeValue])
    case m([String: AttributeValue])

    /// The string of an `S` value.
    public var stringValue: String? {
        if case .s(let value) = self { return value }
        return nil
    }

    /// The decimal text of an `N` value.
    public var numberText: String? {
        if case .n(let value) = self { return value }
        return nil
    }

    /// An `N` value as an `Int64`, when it is an integer in range.
    public var int64Value: Int64? { numberText.flatMap { Int64($0) } }

    /// An `N` value as an `Int`, when it is an integer in range.
    public var intValue: Int? { numberText.flatMap { Int($0) } }

    /// The map of an `M` value.
    public var mapValue: [String: AttributeValue]? {
        if case .m(let value) = self { return value }
        return nil
    }

    /// The one-letter (or `BOOL`, `NULL`) type key of this value.
    public var typeKey: String {
        switch self {
        case .s: "S"
        case .n: "N"
        case .b: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .ss: "SS"
        case .ns: "NS"
        case .bs: "BS"
        case .l: "L"
        case .m: "M"
        }
    }
}

extension AttributeValue: Codable {
    private struct TypeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads an object with exactly one type key; `N` and `NS` must hold valid decimal text and `NULL` must be true.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "an AttributeValue has exactly one type key, found \(container.allKeys.map(\.stringValue).sorted())"))
        }
        switch key.stringValue {
        case "S": self = .s(try container.decode(String.self, forKey: key))
        case "N": self = .n(try Self.validNumber(try container.decode(String.self, forKey: key), decoder))
        case "B": self = .b(try container.decode(Data.self, forKey: key))
        case "BOOL": self = .bool(try container.decode(Bool.self, forKey: key))
        case "NULL":
            guard try container.decode(Bool.self, forKey: key) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "NULL must be true")
            }
            self = .null
        case "SS": self = .ss(try container.decode([String].self, forKey: key))
        case "NS": self = .ns(try container.decode([String].self, forKey: key).map { try Self.validNumber($0, decoder) })
        case "BS": self = .bs(try container.decode([Data].self, forKey: key))
        case "L": self = .l(try container.decode([AttributeValue].self, forKey: key))
        case "M": self = .m(try container.decode([String: AttributeValue].self, forKey: key))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "unknown AttributeValue type \(key.stringValue)")
        }
    }

    /// Writes the object with this value's one type key (`NULL` as `true`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        let key = TypeKey(stringValue: typeKey)
        switch self {
        case .s(let value): try container.encode(value, forKey: key)
        case .n(let value): try container.encode(value, forKey: key)
        case .b(let value): try container.encode(value, forKey: key)
        case .bool(let value): try container.encode(value, forKey: key)
        case .null: try container.encode(true, forKey: key)
        case .ss(let value): try container.encode(value, forKey: key)
        case .ns(let value): try container.encode(value, forKey: key)
        case .bs(let value): try container.encode(value, forKey: key)
        case .l(let value): try container.encode(value, forKey: key)
        case .m(let value): try container.encode(value, forKey: key)
        }
    }

    private static func validNumber(_ text: String, _ decoder: any Decoder) throws -> String {
        guard DecimalText.isValid(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a number"))
        }
        return text
    }
}
