import EventSourcingJSON

/// A `PutItem`: a whole item written, optionally on a condition.
public struct PutItemInput: Sendable {
    public var tableName: String
    public var item: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var returnValues: ReturnValues?
    /// `ALL_OLD` puts the existing item into `DynamoDBError.conditionalCheckFailed` when the condition fails.
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    public var returnConsumedCapacity: ReturnConsumedCapacity?

    /// A put of `item` into `tableName`.
    public init(
        tableName: String, item: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: Item? = nil, returnValues: ReturnValues? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil,
        returnConsumedCapacity: ReturnConsumedCapacity? = nil
    ) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

extension PutItemInput: DynamoDBJSONEncodable {
    /// Writes the request body.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("TableName", tableName)
        writer.member("Item", item)
        writer.conditionMembers(conditionExpression, expressionAttributeNames, expressionAttributeValues, returnValuesOnConditionCheckFailure)
        writer.member("ReturnValues", returnValues?.rawValue)
        writer.member("ReturnConsumedCapacity", returnConsumedCapacity?.rawValue)
        writer.endObject()
    }
}
