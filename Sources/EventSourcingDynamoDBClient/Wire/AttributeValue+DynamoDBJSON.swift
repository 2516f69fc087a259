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
        self = try scanner.attributeValue(AttributeValue.self)
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
        self = try scanner.attributes(AttributeValue.self, expectedCount: expectedCount)
    }
}
