import EventSourcingJSON

/// A `PutItem`: a whole item written, optionally on a condition.
public struct PutItemInput: Sendable {
    /// The table.
    public var tableName: String
    /// The whole item.
    public var item: Item
    /// A condition the item as it stands must meet, or nothing is written (`conditionalCheckFailed`).
    public var conditionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions.
    public var expressionAttributeNames: [String: String]?
    /// Stand-ins (`:value`) for values in the expressions.
    public var expressionAttributeValues: Item?
    /// Which attributes the output carries.
    public var returnValues: ReturnValues?
    /// `ALL_OLD` puts the existing item into `DynamoDBError.conditionalCheckFailed` when the condition fails.
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    /// Whether the output reports the capacity consumed.
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
