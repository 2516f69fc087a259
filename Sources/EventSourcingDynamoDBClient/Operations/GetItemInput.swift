import EventSourcingJSON

/// A `GetItem`: one item read by its key.
public struct GetItemInput: Sendable {
    /// The table.
    public var tableName: String
    /// The item's key: its partition key, and its sort key when the table has one.
    public var key: Item
    /// Strongly consistent (1 RCU per 4 KB) rather than eventually consistent (half that).
    public var consistentRead: Bool?
    /// The attributes to return; all when nil.
    public var projectionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions.
    public var expressionAttributeNames: [String: String]?
    /// Whether the output reports the capacity consumed.
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
