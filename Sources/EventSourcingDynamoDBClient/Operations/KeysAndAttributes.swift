/// Keys to read from one table in a `BatchGetItem` (which still goes through `Codable`: no command or projection
/// uses it).
public struct KeysAndAttributes: Codable, Sendable {
    public var keys: [Item]
    public var consistentRead: Bool?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?

    /// The keys to read, and how.
    public init(keys: [Item], consistentRead: Bool? = nil, projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil) {
        self.keys = keys
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }

    enum CodingKeys: String, CodingKey {
        case keys = "Keys", consistentRead = "ConsistentRead", projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
    }
}
