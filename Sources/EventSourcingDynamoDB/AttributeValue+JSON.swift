#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcing
import EventSourcingDynamoDBClient

extension AttributeValue {
    /// The attribute value of the same kind: string → `S`, number → `N` (the same text), bool → `BOOL`,
    /// null → `NULL`, array → `L`, object → `M`.
    public init(_ json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let text): self = .n(text)
        case .string(let text): self = .s(text)
        case .array(let elements): self = .l(elements.map(AttributeValue.init))
        case .object(let members): self = .m(members.mapValues(AttributeValue.init))
        }
    }

    /// An item of `JSON` attributes as DynamoDB attributes.
    public static func item(_ attributes: [String: JSON]) -> [String: AttributeValue] {
        attributes.mapValues(AttributeValue.init)
    }
}

extension JSON {
    /// The JSON of an attribute value: `S` → string, `N` → number (its text, in JSON's grammar), `B` → base64
    /// string, sets → arrays, `L` → array, `M` → object.
    public init(_ value: AttributeValue) {
        switch value {
        case .s(let text): self = .string(text)
        case .n(let text): self = .number(Self.jsonNumber(text))
        case .b(let data): self = .string(data.base64EncodedString())
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .ss(let texts): self = .array(texts.map(JSON.string))
        case .ns(let texts): self = .array(texts.map { .number(Self.jsonNumber($0)) })
        case .bs(let blobs): self = .array(blobs.map { .string($0.base64EncodedString()) })
        case .l(let list): self = .array(list.map(JSON.init))
        case .m(let map): self = .object(map.mapValues(JSON.init))
        }
    }

    /// An item's attributes as `JSON`.
    public static func attributes(_ item: [String: AttributeValue]) -> [String: JSON] {
        item.mapValues(JSON.init)
    }

    /// DynamoDB's number text in JSON's grammar: no `+` sign, a digit before and after any point.
    static func jsonNumber(_ text: String) -> String {
        var out = text
        if out.hasPrefix("+") { out.removeFirst() }
        if out.hasPrefix(".") { out = "0" + out } else if out.hasPrefix("-.") { out = "-0" + out.dropFirst() }
        if let point = out.firstIndex(of: "."), out.index(after: point) == out.endIndex || "eE".contains(out[out.index(after: point)]) {
            out.remove(at: point)
        }
        return out
    }
}
