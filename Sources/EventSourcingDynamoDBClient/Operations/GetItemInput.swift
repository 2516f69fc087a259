import EventSourcingJSON

/// A `GetItem`: one item read by its key.
public struct GetItemInput: Sendable {
    public var tableName: String
    public var key: Item
    /// Strongly consistent (1 RCU per 4 KB) rather than eventually consistent (half that).
    public var consistentRead: Bool?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var returnConsumedCapacity: ReturnConsumedCapacity?

    /// A read of the item at `key` in `tableName`.
    public init(
        tableName: String, key: Item, consistentRead: Bool? = nil, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, returnConsumedCapacity: ReturnConsumedCapacity? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

extension GetItemInput: DynamoDBJSONEncodable {
    /// Writes the request body.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("TableName", tableName)
        writer.member("Key", key)
        writer.member("ConsistentRead", consistentRead)
        writer.member("ProjectionExpression", projectionExpression)
        writer.member("ExpressionAttributeNames", expressionAttributeNames)
        writer.member("ReturnConsumedCapacity", returnConsumedCapacity?.rawValue)
        writer.endObject()
    }
}
