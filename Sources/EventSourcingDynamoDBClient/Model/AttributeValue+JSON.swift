#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcingJSON

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
        case .s(let text): self = .s(text)
        case .n(let text): self = .n(text)
        case .b(let data): self = .b(data)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .ss(let texts): self = .ss(texts)
        case .ns(let texts): self = .ns(texts)
        case .bs(let blobs): self = .bs(blobs)
        case .l(let list): self = .l(list.map(JSON.init))
        case .m(let map): self = .m(map.mapValues(JSON.init))
        }
    }

    /// An item's attributes as `JSON`.
    public static func attributes(_ item: [String: AttributeValue]) -> [String: JSON] {
        item.mapValues(JSON.init)
    }

    /// The JSON of an attribute value read straight from DynamoDB's JSON wire format: `JSON(AttributeValue(scanning:))`
    /// without building the `AttributeValue` first; what that refuses, this refuses.
    public init(scanningAttributeValue scanner: inout JSONScanner) throws(JSONError) {
        self = try scanner.attributeValue(JSON.self)
    }

    /// An item's attributes read straight from the wire: `JSON.attributes(Item(scanning:))` in one step, with room made
    /// for `expectedCount` attributes at once.
    public static func attributes(scanning scanner: inout JSONScanner, expectedCount: Int = 0) throws(JSONError) -> [String: JSON] {
        try scanner.attributes(JSON.self, expectedCount: expectedCount)
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

/// `JSON` built as `init(_: AttributeValue)` converts: `bool` and `null` are its own cases.
extension JSON: AttributeValueBuilding {
    static func s(_ text: String) -> JSON { .string(text) }
    static func n(_ text: String) -> JSON { .number(jsonNumber(text)) }
    static func b(_ data: Data) -> JSON { .string(data.base64EncodedString()) }
    static func ss(_ texts: [String]) -> JSON { .array(texts.map(JSON.string)) }
    static func ns(_ texts: [String]) -> JSON { .array(texts.map { .number(jsonNumber($0)) }) }
    static func bs(_ blobs: [Data]) -> JSON { .array(blobs.map { .string($0.base64EncodedString()) }) }
    static func l(_ elements: [JSON]) -> JSON { .array(elements) }
    static func m(_ members: [String: JSON]) -> JSON { .object(members) }
}
