import EventSourcingJSON

/// The output of `PutItem`, `UpdateItem` and `DeleteItem`: the attributes asked for with `returnValues`, and the
/// capacity consumed when asked for with `returnConsumedCapacity`.
public struct WriteItemOutput: Sendable {
    /// The attributes asked for with `returnValues`.
    public var attributes: Item?
    /// The capacity consumed, when asked for with `returnConsumedCapacity`.
    public var consumedCapacity: ConsumedCapacity?
}

extension WriteItemOutput: DynamoDBJSONDecodable {
    /// Reads `{"Attributes", "ConsumedCapacity", …}`; other members are skipped.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        var output = WriteItemOutput()
        try scanner.members { (key, scanner) throws(JSONError) in
            switch key {
            case "Attributes": output.attributes = try scanner.nullableItem()
            case "ConsumedCapacity": output.consumedCapacity = try ConsumedCapacity(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }
        self = output
    }
}
