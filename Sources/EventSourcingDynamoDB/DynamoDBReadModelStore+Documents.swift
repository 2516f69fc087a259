import EventSourcing
import EventSourcingDynamoDBClient

extension DynamoDBReadModelStore {
    /// Every document stored under the read-model name `readModel` (a generation's: `name#N`), by a full `Scan` of
    /// the table filtered on it: for checks and tools (comparing a rebuilt generation), never for a request's path.
    public func documents(readModel: String) async throws(ReadModelError) -> [StoredDocument] {
        try ReadModelItemLayout.check(DocumentID(readModel: readModel, key: "-"))
        var documents: [StoredDocument] = []
        var start: Item?
        repeat {
            let page: ScanOutput
            do {
                page = try await client.scan(ScanInput(
                    tableName: table, filterExpression: "sk = :name", expressionAttributeValues: [":name": .s(readModel)],
                    exclusiveStartKey: start, consistentRead: true))
            } catch {
                throw .unavailable(error.description)
            }
            for item in page.items { documents.append(try ReadModelItemLayout.document(from: JSON.attributes(item))) }
            start = page.lastEvaluatedKey
        } while start != nil
        return documents
    }
}
