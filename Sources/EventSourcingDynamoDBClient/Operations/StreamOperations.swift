
/// One shard of a DynamoDB stream.
public struct StreamShard: Decodable, Sendable, Equatable {
    /// The shard's identifier.
    public var shardId: String
    /// The shard this one split from; its records come before this shard's.
    public var parentShardId: String?
    /// Set once the shard is closed: it will have no more records.
    public var endingSequenceNumber: String?

    enum CodingKeys: String, CodingKey { case shardId = "ShardId", parentShardId = "ParentShardId", range = "SequenceNumberRange" }
    enum RangeKeys: String, CodingKey { case ending = "EndingSequenceNumber" }

    /// Reads `ShardId`, `ParentShardId` and the ending sequence number of `SequenceNumberRange`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        shardId = try container.decode(String.self, forKey: .shardId)
        parentShardId = try container.decodeIfPresent(String.self, forKey: .parentShardId)
        endingSequenceNumber = try container.decodeIfPresent([String: String].self, forKey: .range)?[RangeKeys.ending.rawValue]
    }
}

/// A stream, as `DescribeStream` returns it.
public struct StreamDescription: Decodable, Sendable {
    /// The stream's ARN.
    public var streamArn: String
    /// `ENABLING`, `ENABLED`, `DISABLING` or `DISABLED`.
    public var streamStatus: String?
    /// The stream's shards.
    public var shards: [StreamShard]
    /// Where the next page of shards starts; nil when this is the last (always, after `describeStream`).
    public var lastEvaluatedShardId: String?

    enum CodingKeys: String, CodingKey {
        case streamArn = "StreamArn", streamStatus = "StreamStatus", shards = "Shards", lastEvaluatedShardId = "LastEvaluatedShardId"
    }
}

/// Where a shard iterator starts.
public enum ShardIteratorPosition: Sendable {
    case trimHorizon
    case latest
    case atSequenceNumber(String)
    case afterSequenceNumber(String)
}

struct DescribeStreamInput: Encodable, Sendable {
    var streamArn: String
    var exclusiveStartShardId: String?
    enum CodingKeys: String, CodingKey { case streamArn = "StreamArn", exclusiveStartShardId = "ExclusiveStartShardId" }
}

struct DescribeStreamOutput: Decodable, Sendable {
    var streamDescription: StreamDescription
    enum CodingKeys: String, CodingKey { case streamDescription = "StreamDescription" }
}

struct GetShardIteratorInput: Encodable, Sendable {
    var streamArn: String
    var shardId: String
    var shardIteratorType: String
    var sequenceNumber: String?
    enum CodingKeys: String, CodingKey {
        case streamArn = "StreamArn", shardId = "ShardId", shardIteratorType = "ShardIteratorType", sequenceNumber = "SequenceNumber"
    }
}

struct GetShardIteratorOutput: Decodable, Sendable {
    var shardIterator: String?
    enum CodingKeys: String, CodingKey { case shardIterator = "ShardIterator" }
}

struct GetRecordsInput: Encodable, Sendable {
    var shardIterator: String
    var limit: Int?
    enum CodingKeys: String, CodingKey { case shardIterator = "ShardIterator", limit = "Limit" }
}

/// A page of stream records and the iterator for the next (nil once the shard is closed and read).
public struct GetRecordsOutput: Decodable, Sendable {
    /// The records, oldest first; empty when there are none (yet).
    public var records: [StreamRecord]
    /// The iterator for the records after these.
    public var nextShardIterator: String?
    enum CodingKeys: String, CodingKey { case records = "Records", nextShardIterator = "NextShardIterator" }

    /// Reads `Records` (empty when absent) and `NextShardIterator`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        records = try container.decodeIfPresent([StreamRecord].self, forKey: .records) ?? []
        nextShardIterator = try container.decodeIfPresent(String.self, forKey: .nextShardIterator)
    }
}
