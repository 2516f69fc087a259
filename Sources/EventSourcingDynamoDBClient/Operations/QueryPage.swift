import EventSourcingJSON

/// One page of a `Query`, its items read as `Row`s straight from the wire.
public struct QueryPage<Row: DynamoDBItemDecodable>: Sendable {
    /// The page's items, in sort-key order (descending when `scanIndexForward` is false).
    public var items: [Row] = []
    /// Items in this page (after any filter).
    public var count = 0
    /// Set when there are more pages: pass it as the next `exclusiveStartKey`.
    public var lastEvaluatedKey: Item?
    /// The capacity consumed, when asked for with `returnConsumedCapacity`.
    public var consumedCapacity: ConsumedCapacity?
}

/// One page of a `Query`, its items as attribute values.
public typealias QueryOutput = QueryPage<Item>

extension QueryPage: DynamoDBJSONDecodable {
    /// Reads `{"Items", "Count", "LastEvaluatedKey", "ConsumedCapacity", …}`, building each item as it goes;
    /// other members (`ScannedCount`) are skipped. `Count` defaults to the number of items.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        var output = QueryPage()
        var count: Int?
        try scanner.members { (key, scanner) throws(JSONError) in
            switch key {
            case "Items": output.items = try scanner.items()
            case "Count": count = try scanner.integer()
            case "LastEvaluatedKey": output.lastEvaluatedKey = try scanner.nullableItem()
            case "ConsumedCapacity": output.consumedCapacity = try ConsumedCapacity(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }
        output.count = count ?? output.items.count
        self = output
    }
}
