import EventSourcingJSON

/// DynamoDB's JSON wire format, written and read in one pass over the bytes (`JSONWriter`, `JSONScanner`).
///
/// The request and response bodies of the item operations (`GetItem`, `PutItem`, `UpdateItem`, `DeleteItem`,
/// `Query`, `TransactWriteItems`) and error bodies go this way; the table, stream and batch operations, which no
/// command or projection calls, still use `Codable`.
public enum DynamoDBJSON {
    /// The deepest JSON nesting read: DynamoDB nests attribute values at most 32 levels deep, two JSON levels each.
    public static let maxDepth = 128

    /// The JSON bytes of `value`.
    public static func encode(_ value: some DynamoDBJSONEncodable) -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)  // an event's PutItem in one buffer, not grown five times
        value.write(to: &writer)
        return writer.bytes
    }

    /// The `Value` that `bytes` hold; anything else (malformed JSON, another shape, text after the value) is a
    /// `JSONError` naming the reason and the offset.
    public static func decode<Value: DynamoDBJSONDecodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws(JSONError) -> Value {
        try JSONScanner.scan(bytes, maxDepth: maxDepth) { (scanner) throws(JSONError) in try Value(scanning: &scanner) }
    }

    /// `decode(_:from:)` of an array's bytes (a response body), with no generic collection in between.
    public static func decode<Value: DynamoDBJSONDecodable>(_ type: Value.Type, from bytes: [UInt8]) throws(JSONError) -> Value {
        try JSONScanner.scan(bytes, maxDepth: maxDepth) { (scanner) throws(JSONError) in try Value(scanning: &scanner) }
    }
}
