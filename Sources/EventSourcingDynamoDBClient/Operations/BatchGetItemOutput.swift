/// The output of a `BatchGetItem`: the items found and the keys left for another round.
struct BatchGetItemOutput: Decodable, Sendable {
    var responses: [String: [Item]]?
    var unprocessedKeys: [String: KeysAndAttributes]?
    enum CodingKeys: String, CodingKey { case responses = "Responses", unprocessedKeys = "UnprocessedKeys" }
}
