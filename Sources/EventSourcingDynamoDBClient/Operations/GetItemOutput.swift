import EventSourcingJSON

/// The output of `GetItem`: the item, when there is one.
public struct GetItemOutput: Sendable {
    /// The item; nil when there is none.
    public var item: Item?
    /// The capacity consumed, when asked for with `returnConsumedCapacity`.
    public var consumedCapacity: ConsumedCapacity?
}

extension GetItemOutput: DynamoDBJSONDecodable {
    /// Reads `{"Item", "ConsumedCapacity"}`; other members are skipped.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        var output = GetItemOutput()
        try scanner.members { (key, scanner) throws(JSONError) in
            switch key {
            case "Item": output.item = try scanner.nullableItem()
            case "ConsumedCapacity": output.consumedCapacity = try ConsumedCapacity(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }
        self = output
    }
}
