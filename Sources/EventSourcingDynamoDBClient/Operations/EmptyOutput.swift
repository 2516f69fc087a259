import EventSourcingJSON

/// An output whose content the client does not use (`TransactWriteItems`, `DeleteTable`, `UpdateTimeToLive`): the
/// body must still be JSON.
struct EmptyOutput: Decodable, Sendable, DynamoDBJSONDecodable {
    init(scanning scanner: inout JSONScanner) throws(JSONError) {
        try scanner.skipValue()
    }
}
