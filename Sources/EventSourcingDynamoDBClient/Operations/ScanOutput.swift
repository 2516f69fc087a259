import EventSourcingJSON

/// One page of a `Scan`: the items that passed the filter, how many were read for it, and where to go on.
public struct ScanOutput: Sendable {
    /// The page's items.
    public var items: [Item] = []
    /// Items in this page (after any filter).
    public var count = 0
    /// Items read, the ones the filter dropped included (what the read is billed on).
    public var scannedCount = 0
    /// Set when the segment has more pages: pass it as the next `exclusiveStartKey`.
    public var lastEvaluatedKey: Item?
    /// The capacity consumed, when asked for with `returnConsumedCapacity`.
    public var consumedCapacity: ConsumedCapacity?
}

extension ScanOutput: DynamoDBJSONDecodable {
    /// Reads `{"Items", "Count", "ScannedCount", "LastEvaluatedKey", "ConsumedCapacity", …}`, building each item as it
    /// goes. `Count` defaults to the number of items, `ScannedCount` to `Count`.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        var output = ScanOutput()
        var count: Int?
        var scanned: Int?
        try scanner.members { (key, scanner) throws(JSONError) in
            switch key {
            case "Items": output.items = try scanner.items()
            case "Count": count = try scanner.integer()
            case "ScannedCount": scanned = try scanner.integer()
            case "LastEvaluatedKey": output.lastEvaluatedKey = try scanner.nullableItem()
            case "ConsumedCapacity": output.consumedCapacity = try ConsumedCapacity(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }
        output.count = count ?? output.items.count
        output.scannedCount = scanned ?? output.count
        self = output
    }
}
