import EventSourcingJSON

/// A `Query`: the items of one partition key, in sort-key order, a page at a time.
public struct QueryInput: Sendable {
    public var tableName: String
    public var indexName: String?
    public var keyConditionExpression: String
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    /// Where the page starts: the previous page's `lastEvaluatedKey`.
    public var exclusiveStartKey: Item?
    /// Items evaluated per page (DynamoDB also stops a page at 1 MB).
    public var limit: Int?
    /// False for descending sort-key order.
    public var scanIndexForward: Bool?
    public var consistentRead: Bool?
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
