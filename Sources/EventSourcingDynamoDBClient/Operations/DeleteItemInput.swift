import EventSourcingJSON

/// A `DeleteItem`: one item deleted, optionally on a condition.
public struct DeleteItemInput: Sendable {
    /// The table.
    public var tableName: String
    /// The item's key: its partition key, and its sort key when the table has one.
    public var key: Item
    /// A condition the item as it stands must meet, or nothing is written (`conditionalCheckFailed`).
    public var conditionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions.
    public var expressionAttributeNames: [String: String]?
    /// Stand-ins (`:value`) for values in the expressions.
    public var expressionAttributeValues: Item?
    /// Which attributes the output carries.
    public var returnValues: ReturnValues?
    /// `ALL_OLD` puts the existing item into the error when the condition fails, saving a read.
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    /// Whether the output reports the capacity consumed.
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
