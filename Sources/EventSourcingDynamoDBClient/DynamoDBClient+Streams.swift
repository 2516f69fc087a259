extension DynamoDBClient {
    private static let streamsAPI = "DynamoDBStreams_20120810"

    /// The stream and all its shards (following `LastEvaluatedShardId`).
    public func describeStream(_ streamARN: String) async throws(DynamoDBError) -> StreamDescription {
        var input = DescribeStreamInput(streamArn: streamARN)
        var output: DescribeStreamOutput = try await sendCodable("DescribeStream", input, table: nil, api: Self.streamsAPI)
        var description = output.streamDescription
        while let last = output.streamDescription.lastEvaluatedShardId {
            input.exclusiveStartShardId = last
            output = try await sendCodable("DescribeStream", input, table: nil, api: Self.streamsAPI)
            description.shards += output.streamDescription.shards
        }
        description.lastEvaluatedShardId = nil
        return description
    }

    /// An iterator for reading a shard from `position`; nil when the shard has nothing more to give.
    public func getShardIterator(streamARN: String, shardID: String, position: ShardIteratorPosition) async throws(DynamoDBError) -> String? {
        let (type, sequence): (String, String?) = switch position {
        case .trimHorizon: ("TRIM_HORIZON", nil)
        case .latest: ("LATEST", nil)
        case .atSequenceNumber(let number): ("AT_SEQUENCE_NUMBER", number)
        case .afterSequenceNumber(let number): ("AFTER_SEQUENCE_NUMBER", number)
        }
        let input = GetShardIteratorInput(streamArn: streamARN, shardId: shardID, shardIteratorType: type, sequenceNumber: sequence)
        let output: GetShardIteratorOutput = try await sendCodable("GetShardIterator", input, table: nil, api: Self.streamsAPI)
        return output.shardIterator
    }

    /// The records an iterator points at (up to `limit`), and the iterator for the next ones.
    public func getRecords(shardIterator: String, limit: Int? = nil) async throws(DynamoDBError) -> GetRecordsOutput {
        try await sendCodable("GetRecords", GetRecordsInput(shardIterator: shardIterator, limit: limit), table: nil, api: Self.streamsAPI)
    }
}
