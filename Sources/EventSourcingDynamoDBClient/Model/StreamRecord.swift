/// One change record from a DynamoDB stream, as `GetRecords` returns it and as Lambda delivers it.
public struct StreamRecord: Codable, Sendable, Equatable {
    /// The kind of change: an item added, changed or deleted.
    public enum EventName: String, Codable, Sendable {
        case insert = "INSERT"
        case modify = "MODIFY"
        case remove = "REMOVE"
    }

    /// Present only on deletions made by DynamoDB itself (TTL expiry).
    ///
    /// Lambda's events spell its members `type` and `principalId`; the Streams API (`GetRecords`) spells them `Type`
    /// and `PrincipalId`, both optional. Either is read (a member missing reads as ""); Lambda's is written.
    public struct UserIdentity: Codable, Sendable, Equatable {
        /// The kind of identity; `Service` for TTL.
        public var type: String
        /// Who made the change; `dynamodb.amazonaws.com` for TTL.
        public var principalId: String

        private enum CodingKeys: String, CodingKey {
            case type, principalId, streamsType = "Type", streamsPrincipalId = "PrincipalId"
        }

        /// An identity.
        public init(type: String, principalId: String) {
            self.type = type
            self.principalId = principalId
        }

        /// An identity in either spelling.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type)
                ?? container.decodeIfPresent(String.self, forKey: .streamsType) ?? ""
            principalId = try container.decodeIfPresent(String.self, forKey: .principalId)
                ?? container.decodeIfPresent(String.self, forKey: .streamsPrincipalId) ?? ""
        }

        /// Lambda's spelling.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(principalId, forKey: .principalId)
        }
    }

    /// The change itself: keys, images, and the record's place in the shard.
    public struct Change: Codable, Sendable, Equatable {
        /// Epoch seconds, possibly fractional.
        public var approximateCreationDateTime: Double?
        /// The key attributes of the item changed.
        public var keys: [String: AttributeValue]
        /// The item after the change, when the stream view type includes new images.
        public var newImage: [String: AttributeValue]?
        /// The item before the change, when the stream view type includes old images.
        public var oldImage: [String: AttributeValue]?
        /// A decimal string that can exceed 64 bits; compare with `DecimalText.compareUnsignedIntegers`.
        public var sequenceNumber: String
        /// The size of the stream record, in bytes.
        public var sizeBytes: Int?
        /// What the stream captures of an item: `KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE` or `NEW_AND_OLD_IMAGES`.
        public var streamViewType: String?

        /// A change; `streamViewType` defaults to `NEW_AND_OLD_IMAGES`.
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

    /// A unique identifier for the record.
    public var eventID: String
    /// The kind of change.
    public var eventName: EventName
    /// The version of the stream record format.
    public var eventVersion: String?
    /// Where the record comes from: `aws:dynamodb`.
    public var eventSource: String?
    /// The AWS region, such as `eu-west-1`.
    public var awsRegion: String?
    /// Set by Lambda on the records it delivers; absent from `GetRecords`.
    public var eventSourceARN: String?
    /// Who made the change, when it was DynamoDB itself (TTL); nil for a caller's change.
    public var userIdentity: UserIdentity?
    /// The change itself.
    public var dynamodb: Change

    /// A record; `eventVersion` and `eventSource` default to `1.1` and `aws:dynamodb`.
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
