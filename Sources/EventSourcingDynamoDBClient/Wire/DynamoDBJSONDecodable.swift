import EventSourcingJSON

/// A value the client reads from DynamoDB's JSON wire format in one pass of a `JSONScanner`, without `Codable` or a
/// `JSON` tree: the responses of the item operations, error bodies, items and attribute values.
public protocol DynamoDBJSONDecodable {
    /// Reads one JSON value into this type; anything that is not this type's wire format is a `JSONError`.
    init(scanning scanner: inout JSONScanner) throws(JSONError)
}
