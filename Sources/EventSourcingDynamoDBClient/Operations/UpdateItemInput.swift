import EventSourcingJSON

/// An `UpdateItem`: attributes of one item changed (the item created when absent), optionally on a condition.
public struct UpdateItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var updateExpression: String?
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var returnValues: ReturnValues?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    public var returnConsumedCapacity: ReturnConsumedCapacity?

    /// An update of the item at `key` in `tableName`.
    public init(
        tableName: String, key: Item, updateExpression: String?, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: Item? = nil,
        returnValues: ReturnValues? = nil, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil,
        returnConsumedCapacity: ReturnConsumedCapacity? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

extension UpdateItemInput: DynamoDBJSONEncodable {
    /// Writes the request body.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("TableName", tableName)
        writer.member("Key", key)
        writer.member("UpdateExpression", updateExpression)
        writer.conditionMembers(conditionExpression, expressionAttributeNames, expressionAttributeValues, returnValuesOnConditionCheckFailure)
        writer.member("ReturnValues", returnValues?.rawValue)
        writer.member("ReturnConsumedCapacity", returnConsumedCapacity?.rawValue)
        writer.endObject()
    }
}
