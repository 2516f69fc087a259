import EventSourcing
import EventSourcingDynamoDBClient

/// The tables, defined once: `template.yaml` declares exactly these (a test compares them), `scripts/dev`
/// creates them from the template, and tests create them from here.
public enum EventSourcingTables {
    /// A table's keys, stream and TTL.
    public struct Definition: Sendable, Equatable {
        /// Key attributes and their types (`S`, `N`).
        public var attributeDefinitions: [AttributeDefinition]
        /// Partition (`HASH`) and sort (`RANGE`) keys.
        public var keySchema: [KeySchemaElement]
        /// The stream, when the table has one.
        public var stream: StreamSpecification?
        /// The TTL attribute, when the table expires items.
        public var timeToLiveAttribute: String?
    }

    /// Events, snapshots and kept decisions (`EventItemLayout`): `pk` S, `sk` N, a stream with new and old images.
    public static let events = Definition(
        attributeDefinitions: [AttributeDefinition(EventItemLayout.partitionKey, "S"), AttributeDefinition(EventItemLayout.sortKey, "N")],
        keySchema: [KeySchemaElement(EventItemLayout.partitionKey, "HASH"), KeySchemaElement(EventItemLayout.sortKey, "RANGE")],
        stream: StreamSpecification(enabled: true, viewType: "NEW_AND_OLD_IMAGES"),
        timeToLiveAttribute: EventItemLayout.timeToLiveAttribute)

    /// Read-model documents (`ReadModelItemLayout`): `pk` S (the key), `sk` S (the read model).
    public static let projections = Definition(
        attributeDefinitions: [AttributeDefinition("pk", "S"), AttributeDefinition("sk", "S")],
        keySchema: [KeySchemaElement("pk", "HASH"), KeySchemaElement("sk", "RANGE")],
        stream: nil,
        timeToLiveAttribute: EventItemLayout.timeToLiveAttribute)

    /// The global feed (`FeedItemLayout`): `pk` S, `sk` N; no stream, and nothing expires (a stream's indexed version
    /// must outlive every redelivery of its events).
    public static let feed = Definition(
        attributeDefinitions: [AttributeDefinition("pk", "S"), AttributeDefinition("sk", "N")],
        keySchema: [KeySchemaElement("pk", "HASH"), KeySchemaElement("sk", "RANGE")],
        stream: nil,
        timeToLiveAttribute: nil)

    /// Creates `definition` as table `name` (on-demand), with TTL on when it has a TTL attribute.
    public static func create(_ definition: Definition, named name: String, client: DynamoDBClient) async throws(DynamoDBError) {
        try await client.createTable(CreateTableInput(
            tableName: name, attributeDefinitions: definition.attributeDefinitions, keySchema: definition.keySchema,
            streamSpecification: definition.stream))
        if let attribute = definition.timeToLiveAttribute { try await client.updateTimeToLive(table: name, attribute: attribute) }
    }
}
