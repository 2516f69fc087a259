import EventSourcing
import Foundation
import Testing

@Suite("Event items, as both stores keep them")
struct EventItemLayoutTests {
    @Test("an event item round-trips, its keys a string and a number")
    func roundTrip() throws {
        let event = StoredEvent(
            type: "Added", schemaVersion: 2, payload: ["amount": .number("7")],
            metadata: EventMetadata(streamID: "account#a", version: 3, timestamp: Date(timeIntervalSince1970: 1_795_769_297.5), commandID: "c"))
        let item = EventItemLayout.item(for: event)
        #expect(item["pk"] == .string("account#a") && item["sk"] == .number("3") && item["kind"] == .string("event"))
        #expect(item["timestamp"] == .number("1795769297.5"))
        #expect(try EventItemLayout.event(from: item) == event)
    }

    @Test("an event item holds exactly the attributes an event is read from, when every id is set; the slots read it alike")
    func attributesAreTheSlots() throws {
        let event = StoredEvent(
            type: "Added", schemaVersion: 1, payload: [:],
            metadata: EventMetadata(streamID: "s", version: 1, commandID: "c", correlationID: "r", causationID: "u"))
        let item = EventItemLayout.item(for: event)
        #expect(Set(item.keys) == Set(EventItemLayout.eventAttributeNames))
        #expect(try EventItemLayout.event(from: EventItemLayout.EventAttributes(item)) == event)
    }

    @Test("items that are not events are told apart: idempotency records, unknown items")
    func notEvents() throws {
        let record = IdempotencyRecord(key: "k", requestHash: "h", result: [:], expiresAt: 1)
        let recordItem = EventItemLayout.item(for: record)
        #expect(try EventItemLayout.event(from: recordItem) == nil)
        #expect(EventItemLayout.idempotencyRecord(from: recordItem) == record)
        #expect(try EventItemLayout.event(from: ["pk": .string("x"), "sk": .number("1"), "whatever": .bool(true)]) == nil)
    }

    @Test("an item claiming to be an event but missing attributes is corrupt, naming the item")
    func corrupt() {
        #expect(throws: EventStoreError.corrupt("event item s/1 lacks a required attribute")) {
            try EventItemLayout.event(from: ["pk": .string("s"), "sk": .number("1"), "kind": .string("event"), "type": .string("Added")])
        }
    }

    @Test("a stream's snapshot is an item of its own at key 0, just below its events, its version and its event's id attributes")
    func snapshotItems() throws {
        let snapshot = StoredSnapshot(streamID: "s", version: 100, schemaVersion: 2, state: ["total": .number("5")])
        let item = EventItemLayout.item(for: snapshot)
        #expect(item["pk"] == .string("s") && item["sk"] == .number("0") && item["version"] == .number("100") && item["kind"] == .string("snapshot"))
        #expect(try EventItemLayout.snapshot(from: item) == snapshot && item["eventId"] == nil)
        // With the id of the event at its version (what a state cache checks), kept as `eventId`.
        let identified = StoredSnapshot(streamID: "s", version: 100, schemaVersion: 2, state: [:], eventID: "e-100")
        #expect(EventItemLayout.item(for: identified)["eventId"] == .string("e-100"))
        #expect(try EventItemLayout.snapshot(from: EventItemLayout.item(for: identified)) == identified)
        #expect(try EventItemLayout.event(from: item) == nil)
        #expect(throws: EventStoreError.self) { try EventItemLayout.snapshot(from: ["pk": .string("s"), "sk": .number("0"), "kind": .string("snapshot")]) }
        #expect(throws: EventStoreError.self) { try EventItemLayout.checkSnapshot(StoredSnapshot(streamID: "s", version: 0, schemaVersion: 1, state: [:])) }
    }

    @Test("sizes follow DynamoDB's rules: names and values, numbers by significant digits")
    func sizes() {
        #expect(ItemSize.of(["ab": .string("héllo")]) == 2 + 6)
        #expect(ItemSize.of(["n": .number("12345")]) == 1 + 4)
        #expect(ItemSize.of(["m": .object(["k": .bool(true)])]) == 1 + 3 + 1 + 1 + 1)
        #expect(ItemSize.of(["l": .array([.null, .string("x")])]) == 1 + 3 + 2 + 2)
    }
}
