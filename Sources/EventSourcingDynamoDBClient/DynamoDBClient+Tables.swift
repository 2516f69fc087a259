extension DynamoDBClient {
    /// Creates a table; it may take a moment to become `ACTIVE` on DynamoDB (moto has it at once).
    @discardableResult
    public func createTable(_ input: CreateTableInput) async throws(DynamoDBError) -> TableDescription {
        try RequestValidation.tableName(input.tableName)
        let output: CreateTableOutput = try await sendCodable("CreateTable", input, table: input.tableName)
        return output.tableDescription
    }

    /// The table's description: key schema, status, stream ARN.
    public func describeTable(_ name: String) async throws(DynamoDBError) -> TableDescription {
        try RequestValidation.tableName(name)
        let output: DescribeTableOutput = try await sendCodable("DescribeTable", TableNameInput(tableName: name), table: name)
        return output.table
    }

    /// Deletes the table and every item in it.
    public func deleteTable(_ name: String) async throws(DynamoDBError) {
        try RequestValidation.tableName(name)
        let _: EmptyOutput = try await sendCodable("DeleteTable", TableNameInput(tableName: name), table: name)
    }

    /// Turns expiry by the epoch-seconds attribute `attribute` on or off.
    public func updateTimeToLive(table: String, attribute: String, enabled: Bool = true) async throws(DynamoDBError) {
        try RequestValidation.tableName(table)
        let input = UpdateTimeToLiveInput(tableName: table, timeToLiveSpecification: .init(enabled: enabled, attributeName: attribute))
        let _: EmptyOutput = try await sendCodable("UpdateTimeToLive", input, table: table)
    }
}
