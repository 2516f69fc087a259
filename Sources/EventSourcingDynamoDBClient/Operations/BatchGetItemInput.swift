/// The body of a `BatchGetItem`.
struct BatchGetItemInput: Encodable, Sendable {
    var requestItems: [String: KeysAndAttributes]
    enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
}
