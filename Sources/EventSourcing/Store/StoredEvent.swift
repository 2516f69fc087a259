import DynamoDB

/// An event as the store keeps it: its registered type, the schema version of its payload, the payload as a
/// DynamoDB map, and its metadata. Stores do not know the Swift event types; the serializer does.
public struct StoredEvent: Sendable, Equatable {
    public var type: String
    public var schemaVersion: Int
    public var payload: [String: AttributeValue]
    public var metadata: EventMetadata

    public init(type: String, schemaVersion: Int, payload: [String: AttributeValue], metadata: EventMetadata) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
    }

    public var streamID: String { metadata.streamID }
    public var version: Int64 { metadata.version }
}

/// An aggregate's state at a version, encoded, with the schema version of that encoding.
public struct StoredSnapshot: Sendable, Equatable {
    public var streamID: String
    public var version: Int64
    public var schemaVersion: Int
    public var state: [String: AttributeValue]

    public init(streamID: String, version: Int64, schemaVersion: Int, state: [String: AttributeValue]) {
        self.streamID = streamID
        self.version = version
        self.schemaVersion = schemaVersion
        self.state = state
    }
}

/// The outcome of a command, kept under its idempotency key so that a repeat gets the same answer.
public struct IdempotencyRecord: Sendable, Equatable {
    /// Who may replay it and under which key: `"<scope>#<key>"` (the scope is, for example, the caller).
    public var key: String
    /// A fingerprint of the request; the same key with another request is refused.
    public var requestHash: String
    /// What the first attempt answered, encoded.
    public var result: [String: AttributeValue]
    /// Epoch seconds after which DynamoDB's TTL may remove it.
    public var expiresAt: Int64

    public init(key: String, requestHash: String, result: [String: AttributeValue], expiresAt: Int64) {
        self.key = key
        self.requestHash = requestHash
        self.result = result
        self.expiresAt = expiresAt
    }
}
