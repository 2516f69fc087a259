
/// An item: attribute names to values.
public typealias Item = [String: AttributeValue]

/// What to return when a condition fails: nothing, or the item as it is (`ALL_OLD`, saving a read).
public enum ReturnValuesOnConditionCheckFailure: String, Codable, Sendable {
    case none = "NONE"
    case allOld = "ALL_OLD"
}

/// What a write returns besides success.
public enum ReturnValues: String, Codable, Sendable {
    case none = "NONE", allOld = "ALL_OLD", updatedOld = "UPDATED_OLD", allNew = "ALL_NEW", updatedNew = "UPDATED_NEW"
}

public struct PutItemInput: Encodable, Sendable {
    public var tableName: String
    public var item: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var returnValues: ReturnValues?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

    public init(
        tableName: String, item: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: Item? = nil, returnValues: ReturnValues? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", item = "Item", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues", returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }
}

/// The output of `PutItem`, `UpdateItem` and `DeleteItem`: the attributes asked for with `returnValues`.
public struct WriteItemOutput: Decodable, Sendable {
    public var attributes: Item?
    enum CodingKeys: String, CodingKey { case attributes = "Attributes" }
}

public struct UpdateItemInput: Encodable, Sendable {
    public var tableName: String
    public var key: Item
    public var updateExpression: String?
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var returnValues: ReturnValues?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

    public init(
        tableName: String, key: Item, updateExpression: String?, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: Item? = nil,
        returnValues: ReturnValues? = nil, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", updateExpression = "UpdateExpression", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues", returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }
}

public struct DeleteItemInput: Encodable, Sendable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var returnValues: ReturnValues?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

    public init(
        tableName: String, key: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: Item? = nil, returnValues: ReturnValues? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues", returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }
}

public struct GetItemInput: Encodable, Sendable {
    public var tableName: String
    public var key: Item
    public var consistentRead: Bool?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?

    public init(tableName: String, key: Item, consistentRead: Bool? = nil, projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil) {
        self.tableName = tableName
        self.key = key
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", consistentRead = "ConsistentRead"
        case projectionExpression = "ProjectionExpression", expressionAttributeNames = "ExpressionAttributeNames"
    }
}

public struct GetItemOutput: Decodable, Sendable {
    public var item: Item?
    enum CodingKeys: String, CodingKey { case item = "Item" }
}

public struct QueryInput: Encodable, Sendable {
    public var tableName: String
    public var indexName: String?
    public var keyConditionExpression: String
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: Item?
    public var exclusiveStartKey: Item?
    /// Items evaluated per page (DynamoDB also stops a page at 1 MB).
    public var limit: Int?
    public var scanIndexForward: Bool?
    public var consistentRead: Bool?

    public init(
        tableName: String, indexName: String? = nil, keyConditionExpression: String, filterExpression: String? = nil,
        projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: Item? = nil, exclusiveStartKey: Item? = nil, limit: Int? = nil,
        scanIndexForward: Bool? = nil, consistentRead: Bool? = nil
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
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", indexName = "IndexName", keyConditionExpression = "KeyConditionExpression"
        case filterExpression = "FilterExpression", projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case exclusiveStartKey = "ExclusiveStartKey", limit = "Limit", scanIndexForward = "ScanIndexForward"
        case consistentRead = "ConsistentRead"
    }
}

public struct QueryOutput: Decodable, Sendable {
    public var items: [Item]
    public var count: Int
    /// Set when there are more pages: pass it as the next `exclusiveStartKey`.
    public var lastEvaluatedKey: Item?

    enum CodingKeys: String, CodingKey { case items = "Items", count = "Count", lastEvaluatedKey = "LastEvaluatedKey" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? items.count
        lastEvaluatedKey = try container.decodeIfPresent(Item.self, forKey: .lastEvaluatedKey)
    }
}

/// Keys to read from one table in a `BatchGetItem`.
public struct KeysAndAttributes: Codable, Sendable {
    public var keys: [Item]
    public var consistentRead: Bool?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?

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

struct BatchGetItemInput: Encodable, Sendable {
    var requestItems: [String: KeysAndAttributes]
    enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
}

struct BatchGetItemOutput: Decodable, Sendable {
    var responses: [String: [Item]]?
    var unprocessedKeys: [String: KeysAndAttributes]?
    enum CodingKeys: String, CodingKey { case responses = "Responses", unprocessedKeys = "UnprocessedKeys" }
}

/// One action of a `TransactWriteItems`: exactly one of put, update, delete or condition check.
public struct TransactWriteItem: Encodable, Sendable {
    public struct Put: Encodable, Sendable {
        public var tableName: String
        public var item: Item
        public var conditionExpression: String?
        public var expressionAttributeNames: [String: String]?
        public var expressionAttributeValues: Item?
        public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName", item = "Item", conditionExpression = "ConditionExpression"
            case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
            case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
        }
    }

    public struct Update: Encodable, Sendable {
        public var tableName: String
        public var key: Item
        public var updateExpression: String
        public var conditionExpression: String?
        public var expressionAttributeNames: [String: String]?
        public var expressionAttributeValues: Item?
        public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName", key = "Key", updateExpression = "UpdateExpression", conditionExpression = "ConditionExpression"
            case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
            case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
        }
    }

    /// A delete, or (with `isConditionCheck`) a condition on an item that is left as it is.
    public struct KeyedAction: Encodable, Sendable {
        public var tableName: String
        public var key: Item
        public var conditionExpression: String?
        public var expressionAttributeNames: [String: String]?
        public var expressionAttributeValues: Item?
        public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName", key = "Key", conditionExpression = "ConditionExpression"
            case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
            case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
        }
    }

    var put: Put?
    var update: Update?
    var delete: KeyedAction?
    var conditionCheck: KeyedAction?

    enum CodingKeys: String, CodingKey { case put = "Put", update = "Update", delete = "Delete", conditionCheck = "ConditionCheck" }

    public static func put(
        table: String, item: Item, condition: String? = nil, names: [String: String]? = nil, values: Item? = nil,
        returnOnFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(put: Put(
            tableName: table, item: item, conditionExpression: condition, expressionAttributeNames: names,
            expressionAttributeValues: values, returnValuesOnConditionCheckFailure: returnOnFailure))
    }

    public static func update(
        table: String, key: Item, update: String, condition: String? = nil, names: [String: String]? = nil, values: Item? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(update: Update(
            tableName: table, key: key, updateExpression: update, conditionExpression: condition,
            expressionAttributeNames: names, expressionAttributeValues: values))
    }

    public static func delete(table: String, key: Item, condition: String? = nil, names: [String: String]? = nil, values: Item? = nil) -> TransactWriteItem {
        TransactWriteItem(delete: KeyedAction(
            tableName: table, key: key, conditionExpression: condition, expressionAttributeNames: names, expressionAttributeValues: values))
    }

    public static func conditionCheck(table: String, key: Item, condition: String, names: [String: String]? = nil, values: Item? = nil) -> TransactWriteItem {
        TransactWriteItem(conditionCheck: KeyedAction(
            tableName: table, key: key, conditionExpression: condition, expressionAttributeNames: names, expressionAttributeValues: values))
    }

    /// The table the action writes to.
    var tableName: String { put?.tableName ?? update?.tableName ?? delete?.tableName ?? conditionCheck?.tableName ?? "" }

    /// The item (or key) the action carries, for size checks.
    var payload: Item { put?.item ?? update?.key ?? delete?.key ?? conditionCheck?.key ?? [:] }
}

struct TransactWriteItemsInput: Encodable, Sendable {
    var transactItems: [TransactWriteItem]
    var clientRequestToken: String?
    enum CodingKeys: String, CodingKey { case transactItems = "TransactItems", clientRequestToken = "ClientRequestToken" }
}

struct EmptyOutput: Decodable, Sendable {}
