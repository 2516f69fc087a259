import EventSourcing
import EventSourcingCrypto
import EventSourcingDynamoDBClient

/// Read-model documents on a DynamoDB table (`pk` S, `sk` S; items: `ReadModelItemLayout`; table:
/// `EventSourcingTables.projections`). A read is one strongly consistent `GetItem`; a write one conditional
/// `PutItem` (`revision = :expected`, or `attribute_not_exists(pk)` for a new document); an atomic write of several
/// documents one `TransactWriteItems` of such puts (twice the write units).
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

    /// The document kept under `id`, if any: a strongly consistent `GetItem`.
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

    /// Writes `document` with a `PutItem` conditional on `expectedRevision`; `conflict` if the kept one is elsewhere.
    public func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        let write = DocumentWrite(document, expectedRevision: expectedRevision)
        try ReadModelItemLayout.check(write.stored)
        let (condition, values) = Self.condition(write)
        do {
            try await client.putItem(PutItemInput(
                tableName: table, item: AttributeValue.item(ReadModelItemLayout.item(for: write.stored)), conditionExpression: condition,
                expressionAttributeValues: values))
        } catch .conditionalCheckFailed {
            throw .conflict(document.id)
        } catch .invalidRequest(let message) where message.contains("400 KB") {
            throw .tooLarge(message)
        } catch {
            throw .unavailable(error.description)
        }
    }

    /// Writes every document of `writes` at its expected revision in one `TransactWriteItems`: all of them, or none
    /// (`conflict`).
    public func write(_ writes: [DocumentWrite]) async throws(ReadModelError) {
        try ReadModelItemLayout.check(writes)
        let actions = writes.map { write in
            let (condition, values) = Self.condition(write)
            return TransactWriteItem.put(table: table, item: AttributeValue.item(ReadModelItemLayout.item(for: write.stored)), condition: condition, values: values)
        }
        // The same request makes the same token (and only it: DynamoDB refuses a token reused for another), so the
        // client's retry of a transaction that did commit succeeds again instead of failing its conditions.
        let request = JSONWriter.bytes(.array(writes.map { .array([.object(ReadModelItemLayout.item(for: $0.stored)), .number(String($0.expectedRevision))]) }))
        do {
            try await client.transactWriteItems(actions, clientRequestToken: String(Hex.encode(SHA256.hash(request)).prefix(36)))
        } catch .transactionCanceled(let reasons) {
            let failed = reasons.firstIndex { $0.code == "ConditionalCheckFailed" } ?? 0
            throw .conflict(writes[min(failed, writes.count - 1)].document.id)
        } catch .transactionConflict {
            throw .conflict(writes[0].document.id)
        } catch .invalidRequest(let message) where message.contains("4 MB") || message.contains("400 KB") {
            throw .tooLarge(message)
        } catch {
            throw .unavailable(error.description)
        }
    }

    /// A write's condition: the revision it was read at, or no item yet.
    private static func condition(_ write: DocumentWrite) -> (String, Item?) {
        write.expectedRevision == 0
            ? ("attribute_not_exists(pk)", nil) : ("revision = :expected", [":expected": .n(String(write.expectedRevision))])
    }
}
