#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcingJSON

extension AttributeValue: DynamoDBJSONEncodable, DynamoDBJSONDecodable {
    /// Writes `{"<type>": <value>}`: numbers as strings of their text, binaries as base64.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(typeKey)
        switch self {
        case .s(let text), .n(let text): writer.string(text)
        case .b(let data): writer.string(data.base64EncodedString())
        case .bool(let flag): writer.bool(flag)
        case .null: writer.bool(true)
        case .ss(let texts), .ns(let texts):
            writer.beginArray()
            for text in texts { writer.string(text) }
            writer.endArray()
        case .bs(let blobs):
            writer.beginArray()
            for blob in blobs { writer.string(blob.base64EncodedString()) }
            writer.endArray()
        case .l(let list):
            writer.beginArray()
            for element in list { element.write(to: &writer) }
            writer.endArray()
        case .m(let map): map.write(to: &writer)
        }
        writer.endObject()
    }

    /// Reads an object with exactly one type key, checked as `init(from:)` checks it: numbers are decimal text,
    /// binaries base64, `NULL` is `true`.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        try scanner.beginObject()
        let typeOffset = scanner.offset
        guard let type = try scanner.nextKey() else {
            throw JSONError("an AttributeValue has exactly one type key, found none", at: typeOffset)
        }
        switch type {
        case "S": self = .s(try scanner.string())
        case "N": self = .n(try Self.number(&scanner))
        case "B": self = .b(try Self.binary(&scanner))
        case "BOOL": self = .bool(try scanner.bool())
        case "NULL":
            guard try scanner.bool() else { throw scanner.error("NULL must be true") }
            self = .null
        case "SS": self = .ss(try Self.array(&scanner) { (scanner) throws(JSONError) in try scanner.string() })
        case "NS": self = .ns(try Self.array(&scanner, Self.number))
        case "BS": self = .bs(try Self.array(&scanner, Self.binary))
        case "L": self = .l(try Self.array(&scanner) { (scanner) throws(JSONError) in try AttributeValue(scanning: &scanner) })
        case "M": self = .m(try Item(scanning: &scanner))
        default: throw JSONError("unknown AttributeValue type \(type)", at: typeOffset)
        }
        let extraOffset = scanner.offset
        if let extra = try scanner.nextKey() {
            throw JSONError("an AttributeValue has exactly one type key, found \(type) and \(extra)", at: extraOffset)
        }
    }

    private static func number(_ scanner: inout JSONScanner) throws(JSONError) -> String {
        let text = try scanner.string()
        guard DecimalText.isValid(text) else { throw scanner.error("\"\(text)\" is not a number") }
        return text
    }

    private static func binary(_ scanner: inout JSONScanner) throws(JSONError) -> Data {
        guard let data = Data(base64Encoded: try scanner.string()) else { throw scanner.error("a binary value is not base64") }
        return data
    }

    private static func array<Element>(
        _ scanner: inout JSONScanner, _ element: (inout JSONScanner) throws(JSONError) -> Element
    ) throws(JSONError) -> [Element] {
        var elements: [Element] = []
        try scanner.beginArray()
        while try scanner.nextElement() { elements.append(try element(&scanner)) }
        return elements
    }
}

extension Dictionary: DynamoDBJSONEncodable, DynamoDBJSONDecodable where Key == String, Value == AttributeValue {
    /// Writes an item (or a map): attribute names to attribute values.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for (name, value) in self {
            writer.key(name)
            value.write(to: &writer)
        }
        writer.endObject()
    }

    /// Reads an item (or a map); a name given twice is refused.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        try self.init(scanning: &scanner, expectedCount: 0)
    }

    /// Reads an item, with room made for `expectedCount` attributes at once (the items of a page tend to be alike:
    /// growing a dictionary rehashes every key it holds).
    init(scanning scanner: inout JSONScanner, expectedCount: Int) throws(JSONError) {
        self.init(minimumCapacity: expectedCount)
        try scanner.beginObject()
        while true {
            let nameOffset = scanner.offset
            guard let name = try scanner.nextKey() else { return }
            guard updateValue(try AttributeValue(scanning: &scanner), forKey: name) == nil else {
                throw JSONError("the attribute \"\(name)\" appears twice", at: nameOffset)
            }
        }
    }
}
