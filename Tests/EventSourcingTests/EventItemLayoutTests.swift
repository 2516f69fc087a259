import DynamoDB
import EventSourcing
import Foundation
import Testing

@Suite("Event items, as the stream projector meets them")
struct EventItemLayoutTests {
    @Test("an event item round-trips through its DynamoDB image")
    func roundTrip() throws {
        let event = StoredEvent(
            type: "Added", schemaVersion: 2, payload: ["amount": .n("7")],
            metadata: EventMetadata(streamID: "account#a", version: 3, timestamp: Date(timeIntervalSince1970: 1_795_769_297.5), commandID: "c"))
        let item = EventItemLayout.item(for: event)
        #expect(item["pk"] == .s("account#a") && item["sk"] == .n("3") && item["kind"] == .s("event"))
        #expect(try EventItemLayout.event(from: item) == event)
    }

    @Test("items that are not events are told apart: idempotency records, unknown items")
    func notEvents() throws {
        let record = IdempotencyRecord(key: "ann#k", requestHash: "h", result: [:], expiresAt: 1)
        let recordItem = EventItemLayout.item(for: record)
        #expect(try EventItemLayout.event(from: recordItem) == nil)
        #expect(EventItemLayout.idempotencyRecord(from: recordItem) == record)
        #expect(try EventItemLayout.event(from: ["pk": .s("x"), "sk": .n("1"), "whatever": .bool(true)]) == nil)
    }

    @Test("an item claiming to be an event but missing attributes is corrupt, not skipped")
    func corrupt() {
        #expect(throws: EventStoreError.self) {
            try EventItemLayout.event(from: ["pk": .s("s"), "sk": .n("1"), "kind": .s("event"), "type": .s("Added")])
        }
    }

    @Test("a snapshot rides on its event item without changing the event")
    func snapshotOnEvent() throws {
        let event = StoredEvent(type: "Added", schemaVersion: 2, payload: [:], metadata: EventMetadata(streamID: "s", version: 100))
        var item = EventItemLayout.item(for: event)
        let snapshot = StoredSnapshot(streamID: "s", version: 100, schemaVersion: 1, state: ["total": .n("5")])
        item["snapshot"] = EventItemLayout.snapshotValue(snapshot)
        #expect(EventItemLayout.snapshot(from: item) == snapshot)
        #expect(try EventItemLayout.event(from: item) == event)
    }
}

@Suite("EventSerializer")
struct EventSerializerTests {
    @Test("events are stored under their registered name, not their Swift type's")
    func registeredNames() throws {
        let stored = try ledgerSerializer.serialize(.added(Added(amount: 3)), metadata: EventMetadata(streamID: "s", version: 1))
        #expect(stored.type == "Added" && stored.schemaVersion == 2 && stored.payload == ["amount": .n("3")])
        #expect(try ledgerSerializer.deserialize(stored) == .added(Added(amount: 3)))
        let closed = try ledgerSerializer.serialize(.closed, metadata: EventMetadata(streamID: "s", version: 2))
        #expect(try ledgerSerializer.deserialize(closed) == .closed)
    }

    @Test("an event whose name is not registered cannot be written")
    func unregistered() {
        let partial = EventSerializer<LedgerEvent> { _ in ("Unregistered", [:]) }
        #expect(throws: SerializationError.unknownEventType("Unregistered")) {
            try partial.serialize(.closed, metadata: EventMetadata(streamID: "s", version: 1))
        }
    }

    @Test("a payload that does not decode names the event and version")
    func undecodable() {
        let stored = StoredEvent(type: "Added", schemaVersion: 2, payload: ["amount": .s("lots")], metadata: EventMetadata(streamID: "s", version: 9))
        do {
            _ = try ledgerSerializer.deserialize(stored)
            Issue.record("decoded")
        } catch {
            guard case .undecodable(let type, let version, _) = error else { Issue.record("\(error)"); return }
            #expect(type == "Added" && version == 9)
        }
    }
}
