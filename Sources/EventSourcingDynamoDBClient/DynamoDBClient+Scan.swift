extension DynamoDBClient {
    /// One page of a scan, or of one segment of a parallel scan: pass `lastEvaluatedKey` back as
    /// `exclusiveStartKey` until it is nil. A segment holds whole partition keys (each key's items in one segment).
    public func scan(_ input: ScanInput) async throws(DynamoDBError) -> ScanOutput {
        try RequestValidation.tableName(input.tableName)
        try RequestValidation.values(input.expressionAttributeValues)
        switch (input.segment, input.totalSegments) {
        case (nil, nil):
            break
        case (let segment?, let total?):
            // DynamoDB's limits: 1 to 1,000,000 segments.
            guard (1...1_000_000).contains(total), (0..<total).contains(segment) else {
                throw .invalidRequest("a parallel scan reads segment 0 ..< TotalSegments (1 to 1,000,000); got segment \(segment) of \(total)")
            }
        default:
            throw .invalidRequest("a parallel scan sets both Segment and TotalSegments, or neither")
        }
        if let limit = input.limit, limit < 1 { throw .invalidRequest("a scan's Limit is at least 1, got \(limit)") }
        return try await send("Scan", input, table: input.tableName)
    }
}
