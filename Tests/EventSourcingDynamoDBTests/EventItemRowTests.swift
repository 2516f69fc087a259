import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import EventSourcingJSON
import Foundation
import Testing

/// An item's wire bytes read as the event store reads a page's items, and as any item is read (`JSONItem`), then
/// each into an event by `EventItemLayout`.
private func bothWays(_ wire: String) -> (row: Result<StoredEvent?, any Error>, item: Result<StoredEvent?, any Error>) {
    let bytes = Array(wire.utf8)
    let row = Result { () throws -> StoredEvent? in
        let row = try JSONScanner.scan(bytes) { (scanner) throws(JSONError) in try EventItemRow(scanningItem: &scanner, previous: nil) }
        return try EventItemLayout.event(from: row.attributes)
    }
    let item = Result { () throws -> StoredEvent? in try EventItemLayout.event(from: try DynamoDBJSON.decode(JSONItem.self, from: bytes).attributes) }
    return (row, item)
}

private func wire(_ attributes: [String: JSON]) -> String {
    String(decoding: DynamoDBJSON.encode(AttributeValue.item(attributes)), as: UTF8.self)
}

@Suite("Event items read from a page attribute by attribute, as any item is read")
struct EventItemRowTests {
    @Test("random events come back the same either way, with attributes events do not have among them")
    func sameEvents() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let id = { (present: Bool) in present ? UUID().uuidString.lowercased() : nil }
            let metadata = EventMetadata(
                eventID: UUID().uuidString.lowercased(), streamID: "stream-\(round)", version: Int64.random(in: 1...1_000_000, using: &generator),
                timestamp: Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000, using: &generator))),
                commandID: id(Bool.random(using: &generator)), correlationID: id(Bool.random(using: &generator)), causationID: id(Bool.random(using: &generator)))
            let payload: [String: JSON] = [
                "amount": .number(String(Int.random(in: -1_000...1_000, using: &generator))), "note": .string("é \u{1F600} \"quoted\""),
                "nested": .object(["list": .array([.bool(true), .null, .number("1.5")])]),
            ]
            let event = StoredEvent(type: "Deposited", schemaVersion: Int.random(in: 1...3, using: &generator), payload: payload, metadata: metadata)
            var attributes = EventItemLayout.item(for: event)
            if round.isMultiple(of: 2) { attributes["extra"] = .object(["a": .string("b")]) }
            let (row, item) = bothWays(wire(attributes))
            #expect(try row.get() == event)
            #expect(try item.get() == event)
        }
    }

    @Test("a missing attribute is the same corrupt item, another kind of item no event, either way")
    func corruptAndOtherKinds() throws {
        let event = StoredEvent(type: "Opened", schemaVersion: 1, payload: [:], metadata: EventMetadata(eventID: "e", streamID: "s", version: 3))
        var missing = EventItemLayout.item(for: event)
        missing["eventId"] = nil
        let (row, item) = bothWays(wire(missing))
        #expect(throws: EventStoreError.self) { try row.get() }
        #expect("\(row)" == "\(item)")
        var other = missing
        other["kind"] = .string("idempotency")
        let (otherRow, otherItem) = bothWays(wire(other))
        #expect(try otherRow.get() == nil && otherItem.get() == nil)
    }

    @Test("a kept attribute named twice, or a malformed value in any attribute, is refused either way", arguments: [
        #"{"pk": {"S": "s"}, "pk": {"S": "t"}}"#, #"{"pk": {"S": "s"}, "extra": {"X": "1"}}"#, #"{"sk": {"N": "1x"}}"#,
        #"{"pk": {"S": "s", "N": "1"}}"#, #"{"pk": {"S": "s"},}"#,
    ])
    func refused(wire: String) {
        let (row, item) = bothWays(wire)
        #expect(throws: JSONError.self) { try row.get() }
        #expect("\(row)" == "\(item)")  // the same reason, at the same offset
    }

    @Test("an attribute events do not have, named twice, is refused by the item reading but not looked at by the row")
    func droppedAttributeTwice() throws {
        let event = StoredEvent(type: "Opened", schemaVersion: 1, payload: [:], metadata: EventMetadata(eventID: "e", streamID: "s", version: 3))
        var text = wire(EventItemLayout.item(for: event))
        text.removeLast()
        text += #","extra":{"S":"a"},"extra":{"S":"b"}}"#
        let (row, item) = bothWays(text)
        #expect(try row.get() == event)
        #expect(throws: JSONError.self) { try item.get() }
    }
}
