import EventSourcingJSON

/// A `DeleteItem`: one item deleted, optionally on a condition.
public struct DeleteItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var returnValues: ReturnValues?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    public var returnConsumedCapacity: ReturnConsumedCapacity?

    /// A delete of the item at `key` in `tableName`.
    public init(
        tableName: String, key: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: Item? = nil, returnValues: ReturnValues? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil,
        returnConsumedCapacity: ReturnConsumedCapacity? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

extension DeleteItemInput: DynamoDBJSONEncodable {
    /// Writes the request body.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("TableName", tableName)
        writer.member("Key", key)
        writer.conditionMembers(conditionExpression, expressionAttributeNames, expressionAttributeValues, returnValuesOnConditionCheckFailure)
        writer.member("ReturnValues", returnValues?.rawValue)
        writer.member("ReturnConsumedCapacity", returnConsumedCapacity?.rawValue)
        writer.endObject()
    }
}
