import EventSourcingJSON

/// A `Query`: the items of one partition key, in sort-key order, a page at a time.
public struct QueryInput: Sendable {
    /// The table.
    public var tableName: String
    /// A secondary index to query instead of the table.
    public var indexName: String?
    /// The partition key to read, and a condition on the sort key.
    public var keyConditionExpression: String
    /// A condition the items read must meet to be returned (it saves no capacity: they are read anyway).
    public var filterExpression: String?
    /// The attributes to return; all when nil.
    public var projectionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions.
    public var expressionAttributeNames: [String: String]?
    /// Stand-ins (`:value`) for values in the expressions.
    public var expressionAttributeValues: Item?
    /// Where the page starts: the previous page's `lastEvaluatedKey`.
    public var exclusiveStartKey: Item?
    /// Items evaluated per page (DynamoDB also stops a page at 1 MB).
    public var limit: Int?
    /// False for descending sort-key order.
    public var scanIndexForward: Bool?
    /// Strongly consistent (1 RCU per 4 KB) rather than eventually consistent (half that).
    public var consistentRead: Bool?
    /// Whether the output reports the capacity consumed.
    public var returnConsumedCapacity: ReturnConsumedCapacity?

    /// A query of `tableName` (or of its index `indexName`).
    public init(
        tableName: String, indexName: String? = nil, keyConditionExpression: String, filterExpression: String? = nil,
        projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: Item? = nil, exclusiveStartKey: Item? = nil, limit: Int? = nil,
        scanIndexForward: Bool? = nil, consistentRead: Bool? = nil, returnConsumedCapacity: ReturnConsumedCapacity? = nil
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.keyConditionExpression = keyConditionExpression
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.exclusiveStartKey = exclusiveStartKey
        self.limit = limit
        self.scanIndexForward = scanIndexForward
        self.consistentRead = consistentRead
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

extension QueryInput: DynamoDBJSONEncodable {
    /// Writes the request body.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("TableName", tableName)
        writer.member("IndexName", indexName)
        writer.member("KeyConditionExpression", keyConditionExpression)
        writer.member("FilterExpression", filterExpression)
        writer.member("ProjectionExpression", projectionExpression)
        writer.member("ExpressionAttributeNames", expressionAttributeNames)
        writer.member("ExpressionAttributeValues", expressionAttributeValues)
        writer.member("ExclusiveStartKey", exclusiveStartKey)
        writer.member("Limit", limit)
        writer.member("ScanIndexForward", scanIndexForward)
        writer.member("ConsistentRead", consistentRead)
        writer.member("ReturnConsumedCapacity", returnConsumedCapacity?.rawValue)
        writer.endObject()
    }
}
