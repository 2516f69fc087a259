import EventSourcingJSON

/// The capacity an operation consumed, as DynamoDB reports it when asked (`ReturnConsumedCapacity`).
public struct ConsumedCapacity: Sendable, Equatable {
    /// The table the capacity was consumed on.
    public var tableName: String?
    /// Read and write capacity units together.
    public var capacityUnits: Double?
    /// Read capacity units, when reported separately.
    public var readCapacityUnits: Double?
    /// Write capacity units, when reported separately.
    public var writeCapacityUnits: Double?
}

extension ConsumedCapacity: DynamoDBJSONDecodable {
    /// Reads `{"TableName", "CapacityUnits", "ReadCapacityUnits", "WriteCapacityUnits", …}`; per-index figures are
    /// skipped.
    public init(scanning scanner: inout JSONScanner) throws(JSONError) {
        var capacity = ConsumedCapacity()
        try scanner.members { (key, scanner) throws(JSONError) in
            switch key {
            case "TableName": capacity.tableName = try scanner.string()
            case "CapacityUnits": capacity.capacityUnits = try scanner.double()
            case "ReadCapacityUnits": capacity.readCapacityUnits = try scanner.double()
            case "WriteCapacityUnits": capacity.writeCapacityUnits = try scanner.double()
            default: try scanner.skipValue()
            }
        }
        self = capacity
    }
}
