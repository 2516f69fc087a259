extension DynamoDBClient {
    @discardableResult
    public func createTable(_ input: CreateTableInput) async throws(DynamoDBError) -> TableDescription {
        try RequestValidation.tableName(input.tableName)
        let output: CreateTableOutput = try await sendCodable("CreateTable", input, table: input.tableName)
        return output.tableDescription
    }

    public func describeTable(_ name: String) async throws(DynamoDBError) -> TableDescription {
        try RequestValidation.tableName(name)
        let output: DescribeTableOutput = try await sendCodable("DescribeTable", TableNameInput(tableName: name), table: name)
        return output.table
    }

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
