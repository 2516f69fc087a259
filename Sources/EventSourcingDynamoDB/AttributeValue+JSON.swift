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
        // Almost every number is already JSON (DynamoDB writes back what it was sent): checked byte by byte.
        if isJSONNumber(text.utf8) { return text }
        var out = text
        if out.hasPrefix("+") { out.removeFirst() }
        if out.hasPrefix(".") { out = "0" + out } else if out.hasPrefix("-.") { out = "-0" + out.dropFirst() }
        if let point = out.firstIndex(of: "."), out.index(after: point) == out.endIndex || "eE".contains(out[out.index(after: point)]) {
            out.remove(at: point)
        }
        return out
    }

    /// True when `bytes` are a number in JSON's grammar without an exponent or with one: `-?digits(.digits)?([eE][+-]?digits)?`.
    private static func isJSONNumber(_ bytes: String.UTF8View) -> Bool {
        var iterator = bytes.makeIterator()
        var byte = iterator.next()
        if byte == UInt8(ascii: "-") { byte = iterator.next() }
        func digits(_ byte: inout UInt8?) -> Bool {
            var any = false
            while let digit = byte, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) {
                any = true
                byte = iterator.next()
            }
            return any
        }
        guard digits(&byte) else { return false }
        if byte == UInt8(ascii: ".") {
            byte = iterator.next()
            guard digits(&byte) else { return false }
        }
        if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            byte = iterator.next()
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { byte = iterator.next() }
            guard digits(&byte) else { return false }
        }
        return byte == nil
    }
}
