/// `S`, `N` or `B`: the type of a key attribute.
public struct AttributeDefinition: Codable, Sendable, Equatable {
    public var attributeName: String
    public var attributeType: String
    public init(_ name: String, _ type: String) {
        attributeName = name
        attributeType = type
    }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", attributeType = "AttributeType" }
}

/// `HASH` (partition) or `RANGE` (sort).
public struct KeySchemaElement: Codable, Sendable, Equatable {
    public var attributeName: String
    public var keyType: String
    public init(_ name: String, _ type: String) {
        attributeName = name
        keyType = type
    }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", keyType = "KeyType" }
}

public struct StreamSpecification: Codable, Sendable, Equatable {
    public var streamEnabled: Bool
    public var streamViewType: String?
    public init(enabled: Bool, viewType: String? = "NEW_AND_OLD_IMAGES") {
        streamEnabled = enabled
        streamViewType = enabled ? viewType : nil
    }
    enum CodingKeys: String, CodingKey { case streamEnabled = "StreamEnabled", streamViewType = "StreamViewType" }
}

public struct CreateTableInput: Encodable, Sendable {
    public var tableName: String
    public var attributeDefinitions: [AttributeDefinition]
    public var keySchema: [KeySchemaElement]
    public var billingMode: String
    public var streamSpecification: StreamSpecification?

    public init(
        tableName: String, attributeDefinitions: [AttributeDefinition], keySchema: [KeySchemaElement],
        billingMode: String = "PAY_PER_REQUEST", streamSpecification: StreamSpecification? = nil
    ) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.keySchema = keySchema
        self.billingMode = billingMode
        self.streamSpecification = streamSpecification
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", attributeDefinitions = "AttributeDefinitions", keySchema = "KeySchema"
        case billingMode = "BillingMode", streamSpecification = "StreamSpecification"
    }
}

public struct TableDescription: Decodable, Sendable {
    public var tableName: String
    public var tableStatus: String?
    public var keySchema: [KeySchemaElement]?
    public var attributeDefinitions: [AttributeDefinition]?
    public var latestStreamArn: String?
    public var streamSpecification: StreamSpecification?
    public var itemCount: Int?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", tableStatus = "TableStatus", keySchema = "KeySchema"
        case attributeDefinitions = "AttributeDefinitions", latestStreamArn = "LatestStreamArn"
        case streamSpecification = "StreamSpecification", itemCount = "ItemCount"
    }
}

struct TableNameInput: Encodable, Sendable {
    var tableName: String
    enum CodingKeys: String, CodingKey { case tableName = "TableName" }
}

struct CreateTableOutput: Decodable, Sendable {
    var tableDescription: TableDescription
    enum CodingKeys: String, CodingKey { case tableDescription = "TableDescription" }
}

struct DescribeTableOutput: Decodable, Sendable {
    var table: TableDescription
    enum CodingKeys: String, CodingKey { case table = "Table" }
}

struct UpdateTimeToLiveInput: Encodable, Sendable {
    struct Specification: Encodable, Sendable {
        var enabled: Bool
        var attributeName: String
        enum CodingKeys: String, CodingKey { case enabled = "Enabled", attributeName = "AttributeName" }
    }
    var tableName: String
    var timeToLiveSpecification: Specification
    enum CodingKeys: String, CodingKey { case tableName = "TableName", timeToLiveSpecification = "TimeToLiveSpecification" }
}
