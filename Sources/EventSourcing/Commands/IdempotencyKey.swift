import EventSourcingCrypto

/// A command's idempotency key, scoped to whoever sent it, with a fingerprint of the request it came with.
///
/// The stored key is the SHA-256 of the scope's length, the scope and the key, so no two (scope, key) pairs can
/// meet, whatever characters a scope holds (`ann#x` with key `y` is not `ann` with key `x#y`).
public struct IdempotencyKey: Sendable, Equatable {
    /// Whose key it is (the caller).
    public var scope: String
    /// The key as the client sent it.
    public var key: String
    /// SHA-256 (hex) of the canonical bytes of the request: the same key with other bytes is refused.
    public var fingerprint: String

    /// - Parameters:
    ///   - scope: the sender (for example the authenticated caller).
    ///   - key: the client's key.
    ///   - request: canonical bytes of what the request means (route, stream, body, preconditions).
    public init(scope: String, key: String, request: [UInt8]) {
        self.scope = scope
        self.key = key
        self.fingerprint = Hex.encode(SHA256.hash(request))
    }

    /// The key under which the store keeps the decision.
    public var storageKey: String {
        Hex.encode(SHA256.hash(Array("\(scope.utf8.count):\(scope)".utf8) + Array(key.utf8)))
    }
}
