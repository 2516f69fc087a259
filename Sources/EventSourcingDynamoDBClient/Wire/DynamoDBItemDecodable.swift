import EventSourcingJSON

/// What a page's items are read into, straight from DynamoDB's JSON wire format: `Item` (attribute values), or a
/// type of the caller's that skips them (`JSONItem`), in one pass either way.
public protocol DynamoDBItemDecodable: Sendable {
    /// Reads one item, an object of attribute values. `previous` is the item before it in the page, if any: a hint,
    /// since a page's items mostly have the same attributes.
    init(scanningItem scanner: inout JSONScanner, previous: Self?) throws(JSONError)
}

extension Dictionary: DynamoDBItemDecodable where Key == String, Value == AttributeValue {
    /// Reads an item, with room made for as many attributes as `previous` has.
    public init(scanningItem scanner: inout JSONScanner, previous: Self?) throws(JSONError) {
        try self.init(scanning: &scanner, expectedCount: previous?.count ?? 0)
    }
}
