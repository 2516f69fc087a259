import EventSourcingJSON

/// One page of a `Scan`: the whole table, or one segment of a parallel scan (`segment` of `totalSegments`).
public struct ScanInput: Sendable {
    /// The table.
    public var tableName: String
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
    /// Strongly consistent: every write acknowledged before the page is read is in it (twice the read cost).
    public var consistentRead: Bool?
    /// The segment this request reads, 0 ..< `totalSegments`; both or neither are set.
    public var segment: Int?
    /// How many segments the parallel scan has.
    public var totalSegments: Int?
    /// Whether the output reports the capacity consumed.
    public var returnConsumedCapacity: ReturnConsumedCapacity?

    /// A scan of `tableName`, or of one of its segments.
    public init(
        tableName: String, filterExpression: String? = nil, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: Item? = nil, exclusiveStartKey: Item? = nil,
        limit: Int? = nil, consistentRead: Bool? = nil, segment: Int? = nil, totalSegments: Int? = nil,
        returnConsumedCapacity: ReturnConsumedCapacity? = nil
    ) {
        self.tableName = tableName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.exclusiveStartKey = exclusiveStartKey
        self.limit = limit
        self.consistentRead = consistentRead
        self.segment = segment
        self.totalSegments = totalSegments
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

extension ScanInput: DynamoDBJSONEncodable {
    /// Writes the request body.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("TableName", tableName)
        writer.member("FilterExpression", filterExpression)
        writer.member("ProjectionExpression", projectionExpression)
        writer.member("ExpressionAttributeNames", expressionAttributeNames)
        writer.member("ExpressionAttributeValues", expressionAttributeValues)
        writer.member("ExclusiveStartKey", exclusiveStartKey)
        writer.member("Limit", limit)
        writer.member("ConsistentRead", consistentRead)
        writer.member("Segment", segment)
        writer.member("TotalSegments", totalSegments)
        writer.member("ReturnConsumedCapacity", returnConsumedCapacity?.rawValue)
        writer.endObject()
    }
}
