/// One page of a `Scan`: the whole table, or one segment of a parallel scan (`segment` of `totalSegments`).
public struct ScanInput: Encodable, Sendable {
    public var tableName: String
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var exclusiveStartKey: Item?
    /// Items evaluated per page (DynamoDB also stops a page at 1 MB).
    public var limit: Int?
    /// Strongly consistent: every write acknowledged before the page is read is in it (twice the read cost).
    public var consistentRead: Bool?
    /// The segment this request reads, 0 ..< `totalSegments`; both or neither are set.
    public var segment: Int?
    public var totalSegments: Int?

    public init(
        tableName: String, filterExpression: String? = nil, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: Item? = nil, exclusiveStartKey: Item? = nil,
        limit: Int? = nil, consistentRead: Bool? = nil, segment: Int? = nil, totalSegments: Int? = nil
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
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", filterExpression = "FilterExpression", projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case exclusiveStartKey = "ExclusiveStartKey", limit = "Limit", consistentRead = "ConsistentRead"
        case segment = "Segment", totalSegments = "TotalSegments"
    }
}

/// A page of a `Scan`: the items that passed the filter, how many were read before it, and where to go on.
public struct ScanOutput: Decodable, Sendable {
    public var items: [Item]
    public var count: Int
    /// Items read, the ones the filter dropped included (what the read is billed on).
    public var scannedCount: Int
    /// Set when the segment has more pages: pass it as the next `exclusiveStartKey`.
    public var lastEvaluatedKey: Item?

    enum CodingKeys: String, CodingKey {
        case items = "Items", count = "Count", scannedCount = "ScannedCount", lastEvaluatedKey = "LastEvaluatedKey"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? items.count
        scannedCount = try container.decodeIfPresent(Int.self, forKey: .scannedCount) ?? count
        lastEvaluatedKey = try container.decodeIfPresent(Item.self, forKey: .lastEvaluatedKey)
    }
}
