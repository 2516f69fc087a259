import DynamoDB
import DynamoDBClient

/// Read models on the projections table (`pk` S, `sk` S):
///
/// | item | `pk` | `sk` | attributes |
/// |---|---|---|---|
/// | account summary | `account#<id>` | `summary` | the `AccountSummary` fields (`version` is the last event applied) |
/// | owner's accounts | `owner#<owner>` | `accounts` | `owner`, `accounts` (M: id → balance, status, version), `revision` |
public final class DynamoDBReadModelStore: ReadModelStore {
    public let client: DynamoDBClient
    public let table: String

    public init(client: DynamoDBClient, table: String) {
        self.client = client
        self.table = table
    }

    private static func summaryKey(_ id: AccountID) -> Item { ["pk": .s("account#\(id.rawValue)"), "sk": .s("summary")] }
    private static func ownerKey(_ owner: String) -> Item { ["pk": .s("owner#\(owner)"), "sk": .s("accounts")] }

    public func summary(_ id: AccountID) async throws(ReadModelError) -> AccountSummary? {
        guard let item = try await get(Self.summaryKey(id)) else { return nil }
        do {
            return try DynamoDBItemDecoder().decode(AccountSummary.self, from: item)
        } catch {
            throw .corrupt("summary of \(id): \(error)")
        }
    }

    public func putSummary(_ summary: AccountSummary, expectedVersion: Int64?) async throws(ReadModelError) {
        var item: Item
        do {
            item = try DynamoDBItemEncoder().encode(summary)
        } catch {
            throw .corrupt("summary of \(summary.id): \(error)")
        }
        item.merge(Self.summaryKey(summary.id)) { $1 }
        let condition = expectedVersion == nil ? "attribute_not_exists(pk)" : "version = :previous"
        try await put(item, condition: condition, values: expectedVersion.map { [":previous": .n(String($0))] })
    }

    public func ownerAccounts(_ owner: String) async throws(ReadModelError) -> (OwnerAccounts, revision: Int64) {
        guard let item = try await get(Self.ownerKey(owner)) else { return (OwnerAccounts(owner: owner), 0) }
        do {
            return (try DynamoDBItemDecoder().decode(OwnerAccounts.self, from: item), item["revision"]?.int64Value ?? 0)
        } catch {
            throw .corrupt("accounts of \(owner): \(error)")
        }
    }

    public func putOwnerAccounts(_ list: OwnerAccounts, expectedRevision: Int64) async throws(ReadModelError) {
        var item: Item
        do {
            item = try DynamoDBItemEncoder().encode(list)
        } catch {
            throw .corrupt("accounts of \(list.owner): \(error)")
        }
        item.merge(Self.ownerKey(list.owner)) { $1 }
        item["revision"] = .n(String(expectedRevision + 1))
        let condition = expectedRevision == 0 ? "attribute_not_exists(pk)" : "revision = :previous"
        try await put(item, condition: condition, values: expectedRevision == 0 ? nil : [":previous": .n(String(expectedRevision))])
    }

    private func get(_ key: Item) async throws(ReadModelError) -> Item? {
        do {
            return try await client.getItem(GetItemInput(tableName: table, key: key, consistentRead: true))
        } catch {
            throw .unavailable(error.description)
        }
    }

    private func put(_ item: Item, condition: String, values: Item?) async throws(ReadModelError) {
        do {
            try await client.putItem(PutItemInput(tableName: table, item: item, conditionExpression: condition, expressionAttributeValues: values))
        } catch .conditionalCheckFailed {
            throw .conflict
        } catch {
            throw .unavailable(error.description)
        }
    }
}
