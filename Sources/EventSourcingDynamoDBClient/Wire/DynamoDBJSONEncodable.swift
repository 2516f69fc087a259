import EventSourcingJSON

/// A value the client writes in DynamoDB's JSON wire format straight into a `JSONWriter`, without `Codable`: the
/// requests of the item operations, items and attribute values.
public protocol DynamoDBJSONEncodable {
    /// Writes this value as one JSON value.
    func write(to writer: inout JSONWriter)
}
