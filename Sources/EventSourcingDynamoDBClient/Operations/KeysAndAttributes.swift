/// Keys to read from one table in a `BatchGetItem` (which still goes through `Codable`: no command or projection
/// uses it).
public struct KeysAndAttributes: Codable, Sendable {
    /// The keys of the items to read.
    public var keys: [Item]
    /// Strongly consistent (1 RCU per 4 KB) rather than eventually consistent (half that).
    public var consistentRead: Bool?
    /// The attributes to return; all when nil.
    public var projectionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions.
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
