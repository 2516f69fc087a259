/// `S`, `N` or `B`: the type of a key attribute.
public struct AttributeDefinition: Codable, Sendable, Equatable {
    /// The attribute.
    public var attributeName: String
    /// `S` (string), `N` (number) or `B` (binary).
    public var attributeType: String
    /// The attribute `name` of type `type`.
    public init(_ name: String, _ type: String) {
        attributeName = name
        attributeType = type
    }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", attributeType = "AttributeType" }
}

/// `HASH` (partition) or `RANGE` (sort).
public struct KeySchemaElement: Codable, Sendable, Equatable {
    /// The key attribute.
    public var attributeName: String
    /// `HASH` (partition key) or `RANGE` (sort key).
    public var keyType: String
    /// The key attribute `name` with role `type`.
    public init(_ name: String, _ type: String) {
        attributeName = name
        keyType = type
    }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", keyType = "KeyType" }
}

/// Whether a table has a stream, and what its records hold.
public struct StreamSpecification: Codable, Sendable, Equatable {
    /// Whether the stream is on.
    public var streamEnabled: Bool
    /// What a record holds: `KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE` or `NEW_AND_OLD_IMAGES`.
    public var streamViewType: String?
    /// A stream on or off; `viewType` is dropped when it is off.
    public init(enabled: Bool, viewType: String? = "NEW_AND_OLD_IMAGES") {
        streamEnabled = enabled
        streamViewType = enabled ? viewType : nil
    }
    enum CodingKeys: String, CodingKey { case streamEnabled = "StreamEnabled", streamViewType = "StreamViewType" }
}

/// A `CreateTable`: a table's name, key schema, billing mode and stream.
public struct CreateTableInput: Encodable, Sendable {
    /// The table.
    public var tableName: String
    /// The types of the key attributes.
    public var attributeDefinitions: [AttributeDefinition]
    /// The primary key: a partition key, and optionally a sort key.
    public var keySchema: [KeySchemaElement]
    /// `PAY_PER_REQUEST` (on demand) or `PROVISIONED`.
    public var billingMode: String
    /// The table's stream; none when nil.
    public var streamSpecification: StreamSpecification?

    /// A `CreateTable` request, billed on demand and without a stream unless told otherwise.
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

/// A table, as `CreateTable` and `DescribeTable` return it (the fields this client reads).
public struct TableDescription: Decodable, Sendable {
    /// The table.
    public var tableName: String
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, and so on.
    public var tableStatus: String?
    /// The primary key.
    public var keySchema: [KeySchemaElement]?
    /// The types of the key attributes.
    public var attributeDefinitions: [AttributeDefinition]?
    /// The ARN of the table's latest stream, when it has had one.
    public var latestStreamArn: String?
    /// The table's stream settings.
    public var streamSpecification: StreamSpecification?
    /// The number of items, as DynamoDB last counted them (about every six hours).
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
