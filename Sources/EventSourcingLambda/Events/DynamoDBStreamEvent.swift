import EventSourcingDynamoDBClient

/// The event Lambda delivers from a DynamoDB stream event source mapping.
public struct DynamoDBStreamEvent: Codable, Sendable, Equatable {
    /// The batch's stream records, in stream order (`Records` in the JSON).
    public var records: [StreamRecord]

    /// An event carrying `records`.
    public init(records: [StreamRecord]) {
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

/// A partial batch response: Lambda retries from the lowest failed sequence number; empty means all succeeded.
public struct DynamoDBBatchResponse: Codable, Sendable, Equatable {
    /// A record that failed, which Lambda retries the batch from.
    public struct Failure: Codable, Sendable, Equatable {
        /// The failed record's `SequenceNumber`.
        public var itemIdentifier: String

        /// A failure of the record with sequence number `itemIdentifier`.
        public init(itemIdentifier: String) {
            self.itemIdentifier = itemIdentifier
        }
    }

    /// The records that failed; empty when the whole batch succeeded.
    public var batchItemFailures: [Failure]

    /// A response naming `batchItemFailures`; by default, none: the whole batch succeeded.
    public init(batchItemFailures: [Failure] = []) {
        self.batchItemFailures = batchItemFailures
    }
}
