import EventSourcing
import EventSourcingDynamoDBClient

/// Read-model documents on a DynamoDB table (`pk` S, `sk` S; items: `ReadModelItemLayout`; table:
/// `EventSourcingTables.projections`). A read is one strongly consistent `GetItem`; a write one conditional
/// `PutItem` (`revision = :expected`, or `attribute_not_exists(pk)` for a new document).
public final class DynamoDBReadModelStore: ReadModelStore {
    /// The client requests go through.
    public let client: DynamoDBClient
    /// The projections table.
    public let table: String

    /// A store on `table`.
    public init(client: DynamoDBClient, table: String) {
        self.client = client
        self.table = table
    }

    public func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument? {
        try ReadModelItemLayout.check(id)
        let item: Item?
        do {
            item = try await client.getItem(GetItemInput(tableName: table, key: ["pk": .s(id.key), "sk": .s(id.readModel)], consistentRead: true))
        } catch {
            throw .unavailable(error.description)
        }
        return try item.map { (item) throws(ReadModelError) in try ReadModelItemLayout.document(from: JSON.attributes(item)) }
    }

    public func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        var stored = document
        stored.revision = expectedRevision + 1
        try ReadModelItemLayout.check(stored)
        let condition = expectedRevision == 0 ? "attribute_not_exists(pk)" : "revision = :expected"
        do {
            try await client.putItem(PutItemInput(
                tableName: table, item: AttributeValue.item(ReadModelItemLayout.item(for: stored)), conditionExpression: condition,
                expressionAttributeValues: expectedRevision == 0 ? nil : [":expected": .n(String(expectedRevision))]))
        } catch .conditionalCheckFailed {
            throw .conflict(document.id)
        } catch .invalidRequest(let message) where message.contains("400 KB") {
            throw .tooLarge(message)
        } catch {
            throw .unavailable(error.description)
        }
    }
}
