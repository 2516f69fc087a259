/// HMAC with SHA-256 (RFC 2104, RFC 4231).
public enum HMACSHA256 {
    /// The authentication code of `message` under `key`.
    public static func authenticate<Message: Sequence>(_ message: Message, key: [UInt8]) -> [UInt8]
    where Message.Element == UInt8 {
        Key(key).authenticate(message)
    }

    /// A key made ready once (its two padded blocks already hashed), for many messages under the same key.
    public struct Key: Sendable {
        private let inner: SHA256
        private let outer: SHA256

        /// `key`, hashed first when longer than a block.
        public init(_ key: [UInt8]) {
            var block = key.count > 64 ? SHA256.hash(key) : key
            block += [UInt8](repeating: 0, count: 64 - block.count)
            var inner = SHA256()
            inner.update(block.map { $0 ^ 0x36 })
            var outer = SHA256()
            outer.update(block.map { $0 ^ 0x5c })
            self.inner = inner
            self.outer = outer
        }

        /// The authentication code of `message` under this key.
        public func authenticate<Message: Sequence>(_ message: Message) -> [UInt8] where Message.Element == UInt8 {
            var inner = self.inner
            inner.update(message)
            var outer = self.outer
            outer.update(inner.finalize())
            return outer.finalize()
        }
    }
}
