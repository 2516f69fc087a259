
extension DynamoDBClient {
    /// Writes a whole item, optionally on a condition.
    @discardableResult
    public func putItem(_ input: PutItemInput) async throws(DynamoDBError) -> WriteItemOutput {
        try RequestValidation.tableName(input.tableName)
        try RequestValidation.item(input.item, table: input.tableName)
        try RequestValidation.values(input.expressionAttributeValues)
        return try await send("PutItem", input, table: input.tableName)
    }

    /// Reads one item by its key; nil when there is none.
    public func getItem(_ input: GetItemInput) async throws(DynamoDBError) -> Item? {
        try RequestValidation.tableName(input.tableName)
        try RequestValidation.item(input.key, table: input.tableName)
        let output: GetItemOutput = try await send("GetItem", input, table: input.tableName)
        return output.item
    }

    /// Changes attributes of one item (creating it when absent), optionally on a condition.
    @discardableResult
    public func updateItem(_ input: UpdateItemInput) async throws(DynamoDBError) -> WriteItemOutput {
        try RequestValidation.tableName(input.tableName)
        try RequestValidation.item(input.key, table: input.tableName)
        try RequestValidation.values(input.expressionAttributeValues)
        return try await send("UpdateItem", input, table: input.tableName)
    }

    /// Deletes one item, optionally on a condition.
    @discardableResult
    public func deleteItem(_ input: DeleteItemInput) async throws(DynamoDBError) -> WriteItemOutput {
        try RequestValidation.tableName(input.tableName)
        try RequestValidation.item(input.key, table: input.tableName)
        try RequestValidation.values(input.expressionAttributeValues)
        return try await send("DeleteItem", input, table: input.tableName)
    }

    /// One page of a query. Most callers want `queryPages(_:)`, which follows `lastEvaluatedKey`.
    public func query(_ input: QueryInput) async throws(DynamoDBError) -> QueryOutput {
        try await query(input, rows: Item.self)
    }

    /// One page of a query, its items read as `Row`s (`JSONItem`: as `JSON`, without building attribute values).
    public func query<Row>(_ input: QueryInput, rows: Row.Type) async throws(DynamoDBError) -> QueryPage<Row> {
        try RequestValidation.tableName(input.tableName)
        try RequestValidation.values(input.expressionAttributeValues)
        return try await send("Query", input, table: input.tableName)
    }

    /// Every page of a query, fetched as the sequence is iterated.
    public func queryPages(_ input: QueryInput) -> QueryPages<Item> {
        QueryPages(client: self, input: input)
    }

    /// Every page of a query, its items read as `Row`s, fetched as the sequence is iterated.
    public func queryPages<Row>(_ input: QueryInput, rows: Row.Type) -> QueryPages<Row> {
        QueryPages(client: self, input: input)
    }

    /// Reads up to any number of items of one table by key, in requests of at most 100 keys, retrying
    /// unprocessed keys with backoff. The result is in no particular order; missing items are absent.
    public func batchGetItem(table: String, keys: [Item], consistentRead: Bool = false) async throws(DynamoDBError) -> [Item] {
        try RequestValidation.tableName(table)
        var items: [Item] = []
        var start = 0
        while start < keys.count {
            var pending = KeysAndAttributes(keys: Array(keys[start..<min(start + 100, keys.count)]), consistentRead: consistentRead)
            start += 100
            var rounds = 0
            while !pending.keys.isEmpty {
                rounds += 1
                let output: BatchGetItemOutput = try await sendCodable("BatchGetItem", BatchGetItemInput(requestItems: [table: pending]), table: table)
                items += output.responses?[table] ?? []
                pending.keys = output.unprocessedKeys?[table]?.keys ?? []
                if !pending.keys.isEmpty {
                    guard rounds < configuration.retry.maxAttempts * 2 else {
                        throw .throttled(operation: "BatchGetItem", message: "\(pending.keys.count) keys still unprocessed after \(rounds) rounds")
                    }
                    try? await Task.sleep(for: configuration.retry.delay(after: rounds))
                }
            }
        }
        return items
    }

    /// Applies up to 100 actions atomically. `clientRequestToken` makes a retry of the same call idempotent
    /// for 10 minutes. A failed condition cancels everything: `DynamoDBError.transactionCanceled` with a
    /// reason per action.
    public func transactWriteItems(_ items: [TransactWriteItem], clientRequestToken: String? = nil) async throws(DynamoDBError) {
        guard !items.isEmpty else { throw .invalidRequest("a transaction needs at least one action") }
        guard items.count <= Self.maxTransactionActions else {
            throw .invalidRequest("a transaction holds at most \(Self.maxTransactionActions) actions, got \(items.count)")
        }
        var total = 0
        for item in items {
            try RequestValidation.tableName(item.tableName)
            try RequestValidation.item(item.payload, table: item.tableName)
            total += ItemSize.of(item.payload)
        }
        guard total <= Self.maxTransactionBytes else {
            throw .invalidRequest("the transaction is \(total) bytes, over DynamoDB's limit of \(Self.maxTransactionBytes) bytes (4 MB)")
        }
        if let token = clientRequestToken, !(1...36).contains(token.utf8.count) {
            throw .invalidRequest("a client request token is 1 to 36 characters, got \(token.utf8.count)")
        }
        let _: EmptyOutput = try await send(
            "TransactWriteItems", TransactWriteItemsInput(transactItems: items, clientRequestToken: clientRequestToken),
            table: Set(items.map(\.tableName)).count == 1 ? items[0].tableName : nil)
    }
}

/// The pages of a query, each fetched when the previous one has been consumed, until DynamoDB stops returning
/// a `lastEvaluatedKey` (pages end at 1 MB or at `limit` items, so there may be many).
public struct QueryPages<Row: DynamoDBItemDecodable>: AsyncSequence, Sendable {
    /// One page of the query.
    public typealias Element = QueryPage<Row>
    /// What fetching a page throws.
    public typealias Failure = DynamoDBError

    let client: DynamoDBClient
    let input: QueryInput

    /// Fetches the pages one at a time, each from where the previous one's `lastEvaluatedKey` left off.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// What fetching a page throws.
        public typealias Failure = DynamoDBError
        let client: DynamoDBClient
        var input: QueryInput
        var finished = false

        /// The next page; nil once a page has come back without a `lastEvaluatedKey`.
        public mutating func next() async throws(DynamoDBError) -> QueryPage<Row>? {
            guard !finished else { return nil }
            let page = try await client.query(input, rows: Row.self)
            input.exclusiveStartKey = page.lastEvaluatedKey
            finished = page.lastEvaluatedKey == nil
            return page
        }
    }

    /// An iterator from the input's `exclusiveStartKey` (the first page when it is nil).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(client: client, input: input) }

    /// Every item of every page, in order.
    public func allItems() async throws(DynamoDBError) -> [Row] {
        var items: [Row] = []
        var iterator = makeAsyncIterator()
        while let page = try await iterator.next() { items += page.items }
        return items
    }
}
