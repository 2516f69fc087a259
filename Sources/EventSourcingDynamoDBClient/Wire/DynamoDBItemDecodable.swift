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

/// An item read straight into `JSON` attributes: what `JSON.attributes(_:)` makes of the `Item`, without the `Item`.
public struct JSONItem: DynamoDBItemDecodable, DynamoDBJSONDecodable, Equatable {
    /// The item's attributes, each as `JSON(_: AttributeValue)` converts it.
    public var attributes: [String: JSON]

    /// Reads an item, with room made for as many attributes as `previous` has.
    public init(scanningItem scanner: inout JSONScanner, previous: JSONItem?) throws(JSONError) {
        attributes = try JSON.attributes(scanning: &scanner, expectedCount: previous?.attributes.count ?? 0)
    }

    /// Reads an item on its own.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        try self.init(scanningItem: &scanner, previous: nil)
    }
}
