/// One change record from a DynamoDB stream, as `GetRecords` returns it and as Lambda delivers it.
public struct StreamRecord: Codable, Sendable, Equatable {
    public enum EventName: String, Codable, Sendable {
        case insert = "INSERT"
        case modify = "MODIFY"
        case remove = "REMOVE"
    }

    /// Present only on deletions made by DynamoDB itself (TTL expiry).
    public struct UserIdentity: Codable, Sendable, Equatable {
        public var type: String
        public var principalId: String

        public init(type: String, principalId: String) {
            self.type = type
            self.principalId = principalId
        }
    }

    /// The change itself: keys, images, and the record's place in the shard.
    public struct Change: Codable, Sendable, Equatable {
        /// Epoch seconds, possibly fractional.
        public var approximateCreationDateTime: Double?
        public var keys: [String: AttributeValue]
        public var newImage: [String: AttributeValue]?
        public var oldImage: [String: AttributeValue]?
        /// A decimal string that can exceed 64 bits; compare with `DecimalText.compareUnsignedIntegers`.
        public var sequenceNumber: String
        public var sizeBytes: Int?
        public var streamViewType: String?

        public init(
            keys: [String: AttributeValue], newImage: [String: AttributeValue]? = nil, oldImage: [String: AttributeValue]? = nil,
            sequenceNumber: String, approximateCreationDateTime: Double? = nil, sizeBytes: Int? = nil,
            streamViewType: String? = "NEW_AND_OLD_IMAGES"
        ) {
            self.keys = keys
            self.newImage = newImage
            self.oldImage = oldImage
            self.sequenceNumber = sequenceNumber
            self.approximateCreationDateTime = approximateCreationDateTime
            self.sizeBytes = sizeBytes
            self.streamViewType = streamViewType
        }

        enum CodingKeys: String, CodingKey {
            case approximateCreationDateTime = "ApproximateCreationDateTime"
            case keys = "Keys"
            case newImage = "NewImage"
            case oldImage = "OldImage"
            case sequenceNumber = "SequenceNumber"
            case sizeBytes = "SizeBytes"
            case streamViewType = "StreamViewType"
        }
    }

    public var eventID: String
    public var eventName: EventName
    public var eventVersion: String?
    public var eventSource: String?
    public var awsRegion: String?
    /// Set by Lambda on the records it delivers; absent from `GetRecords`.
    public var eventSourceARN: String?
    public var userIdentity: UserIdentity?
    public var dynamodb: Change

    public init(
        eventID: String, eventName: EventName, dynamodb: Change, eventVersion: String? = "1.1",
        eventSource: String? = "aws:dynamodb", awsRegion: String? = nil, eventSourceARN: String? = nil,
        userIdentity: UserIdentity? = nil
    ) {
        self.eventID = eventID
        self.eventName = eventName
        self.dynamodb = dynamodb
        self.eventVersion = eventVersion
        self.eventSource = eventSource
        self.awsRegion = awsRegion
        self.eventSourceARN = eventSourceARN
        self.userIdentity = userIdentity
    }

    /// True for a REMOVE that DynamoDB's TTL made, not a caller.
    public var isTimeToLiveRemoval: Bool {
        eventName == .remove && userIdentity?.type == "Service" && userIdentity?.principalId == "dynamodb.amazonaws.com"
    }
}
