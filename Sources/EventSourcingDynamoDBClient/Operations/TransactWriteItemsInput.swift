import EventSourcingJSON

/// The body of a `TransactWriteItems`.
struct TransactWriteItemsInput: Sendable, DynamoDBJSONEncodable {
    var transactItems: [TransactWriteItem]
    var clientRequestToken: String?

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("TransactItems")
        writer.beginArray()
        for item in transactItems { item.write(to: &writer) }
        writer.endArray()
        writer.member("ClientRequestToken", clientRequestToken)
        writer.endObject()
    }
}
