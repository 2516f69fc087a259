import EventSourcingDynamoDBClient

/// The event Lambda delivers from a DynamoDB stream event source mapping.
public struct DynamoDBStreamEvent: Codable, Sendable, Equatable {
    public var records: [StreamRecord]

    public init(records: [StreamRecord]) {
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

/// A partial batch response: Lambda retries from the lowest failed sequence number; empty means all succeeded.
public struct DynamoDBBatchResponse: Codable, Sendable, Equatable {
    public struct Failure: Codable, Sendable, Equatable {
        /// The failed record's `SequenceNumber`.
        public var itemIdentifier: String

        public init(itemIdentifier: String) {
            self.itemIdentifier = itemIdentifier
        }
    }

    public var batchItemFailures: [Failure]

    public init(batchItemFailures: [Failure] = []) {
        self.batchItemFailures = batchItemFailures
    }
}
