/// A decision kept under an idempotency key, so that a repeat of the command gets the same answer.
public struct IdempotencyRecord: Sendable, Equatable {
    /// `IdempotencyKey.storageKey`: scoped to the sender, fixed length.
    public var key: String
    /// A fingerprint of the request; the same key with another request is refused.
    public var requestHash: String
    /// What the first attempt decided, encoded (see `CommandDispatcher`).
    public var result: [String: JSON]
    /// Epoch seconds after which the store may forget it (DynamoDB's TTL).
    public var expiresAt: Int64

    /// A record.
    public init(key: String, requestHash: String, result: [String: JSON], expiresAt: Int64) {
        self.key = key
        self.requestHash = requestHash
        self.result = result
        self.expiresAt = expiresAt
    }
}
