#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcingJSON

/// What an attribute value read from DynamoDB's JSON wire format is built into, by type key: `AttributeValue` itself
/// (its cases are these), or `JSON` straight away (`JSON(scanningAttributeValue:)`), so that both are read, and
/// refused, by the same code. Numbers come as decimal text (`DecimalText.isValid`), binaries decoded from base64.
protocol AttributeValueBuilding {
    static func s(_ text: String) -> Self
    static func n(_ text: String) -> Self
    static func b(_ data: Data) -> Self
    static func bool(_ flag: Bool) -> Self
    static var null: Self { get }
    static func ss(_ texts: [String]) -> Self
    static func ns(_ texts: [String]) -> Self
    static func bs(_ blobs: [Data]) -> Self
    static func l(_ elements: [Self]) -> Self
    static func m(_ members: [String: Self]) -> Self
}

/// `AttributeValue`'s cases are the builder's functions.
extension AttributeValue: AttributeValueBuilding {}

extension JSONScanner {
    /// An object with exactly one type key, checked as `AttributeValue`'s `init(from:)` checks it: numbers are
    /// decimal text, binaries base64, `NULL` is `true`.
    mutating func attributeValue<Value: AttributeValueBuilding>(_: Value.Type) throws(JSONError) -> Value {
        try beginObject()
        let typeOffset = offset
        guard let type = try nextKey(in: Self.typeKeys) else {
            throw JSONError("an AttributeValue has exactly one type key, found none", at: typeOffset)
        }
        let value: Value
        switch type {
        case 0: value = .s(try string())
        case 1: value = .n(try decimal())
        case 2: value = .m(try attributes(Value.self, expectedCount: 0))
        case 3: value = .bool(try bool())
        case 4:
            guard try bool() else { throw error("NULL must be true") }
            value = .null
        case 5: value = .l(try array { (scanner) throws(JSONError) in try scanner.attributeValue(Value.self) })
        case 6: value = .b(try base64())
        case 7: value = .ss(try array { (scanner) throws(JSONError) in try scanner.string() })
        case 8: value = .ns(try array { (scanner) throws(JSONError) in try scanner.decimal() })
        case 9: value = .bs(try array { (scanner) throws(JSONError) in try scanner.base64() })
        default: throw JSONError("unknown AttributeValue type \(lastKey())", at: typeOffset)
        }
        let extraOffset = offset
        if try nextKey(in: Self.typeKeys) != nil {
            throw JSONError("an AttributeValue has exactly one type key, found \(Self.typeKeys.names[type]) and \(lastKey())", at: extraOffset)
        }
        return value
    }

    /// The type keys, the common first: matched by their bytes, so a type is never built as a `String`.
    private static let typeKeys = JSONKeys(["S", "N", "M", "BOOL", "NULL", "L", "B", "SS", "NS", "BS"])

    /// An item (or a map): attribute names to values, with room made for `expectedCount` of them at once; a name
    /// given twice is refused.
    mutating func attributes<Value: AttributeValueBuilding>(_: Value.Type, expectedCount: Int) throws(JSONError) -> [String: Value] {
        var attributes = [String: Value](minimumCapacity: expectedCount)
        try beginObject()
        while true {
            let nameOffset = offset
            guard let name = try nextKey() else { return attributes }
            guard attributes.updateValue(try attributeValue(Value.self), forKey: name) == nil else {
                throw JSONError("the attribute \"\(name)\" appears twice", at: nameOffset)
            }
        }
    }

    private mutating func decimal() throws(JSONError) -> String {
        let text = try string()
        guard DecimalText.isValid(text) else { throw error("\"\(text)\" is not a number") }
        return text
    }

    private mutating func base64() throws(JSONError) -> Data {
        guard let data = Data(base64Encoded: try string()) else { throw error("a binary value is not base64") }
        return data
    }

    private mutating func array<Element>(_ element: (inout JSONScanner) throws(JSONError) -> Element) throws(JSONError) -> [Element] {
        var elements: [Element] = []
        try beginArray()
        while try nextElement() { elements.append(try element(&self)) }
        return elements
    }
}
