import EventSourcingJSON

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
