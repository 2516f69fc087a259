import EventSourcing
import Testing

private struct Renamed: EventPayload, Equatable {
    static let eventType = "Greeted"
    var name: String
}

private struct Unregistered: EventPayload {
    static let eventType = "Unregistered"
}

private struct Versioned: EventPayload, Equatable {
    static let eventType = "Versioned"
    static let schemaVersion = 3
    var total: Int
}

private enum Greeting: Equatable, Sendable {
    case greeted(Renamed)
    case versioned(Versioned)
    case stray

    var payload: any EventPayload {
        switch self {
        case .greeted(let payload): payload
        case .versioned(let payload): payload
        case .stray: Unregistered()
        }
    }
}

private let serializer = EventSerializer<Greeting>(payload: \.payload)
    .registering(Renamed.self, Greeting.greeted)
    .upcasting(Versioned.self, from: 1) { old in ["sum": old["value"] ?? .null] }
    .registering(Versioned.self, Greeting.versioned)
    .upcasting(Versioned.self, from: 2) { old in ["total": old["sum"] ?? .null] }

@Suite("EventSerializer")
struct EventSerializerTests {
    @Test("events are stored under the name their payload gives itself, not their Swift type's")
    func registeredNames() throws {
        let stored = try serializer.serialize(.greeted(Renamed(name: "ann")), metadata: EventMetadata(streamID: "s", version: 1))
        #expect(stored.type == "Greeted" && stored.schemaVersion == 1 && stored.payload == ["name": .string("ann")])
        #expect(try serializer.deserialize(stored) == .greeted(Renamed(name: "ann")))
        #expect(serializer.eventType(of: .versioned(Versioned(total: 1))) == "Versioned")
    }

    @Test("an event whose payload type is not registered cannot be written")
    func unregistered() {
        #expect(throws: SerializationError.unknownEventType("Unregistered")) {
            try serializer.serialize(.stray, metadata: EventMetadata(streamID: "s", version: 1))
        }
    }

    @Test("old payloads are upcast one version at a time, upcasters registered before or after the type")
    func upcasting() throws {
        let old = StoredEvent(type: "Versioned", schemaVersion: 1, payload: ["value": .number("7")], metadata: EventMetadata(streamID: "s", version: 2))
        #expect(try serializer.deserialize(old) == .versioned(Versioned(total: 7)))
        let newer = StoredEvent(type: "Versioned", schemaVersion: 4, payload: [:], metadata: EventMetadata(streamID: "s", version: 2))
        #expect(throws: SerializationError.unsupportedSchemaVersion(type: "Versioned", version: 4, current: 3)) { try serializer.deserialize(newer) }
    }

    @Test("a payload that does not decode names the event and version")
    func undecodable() {
        let stored = StoredEvent(type: "Greeted", schemaVersion: 1, payload: ["name": .number("1")], metadata: EventMetadata(streamID: "s", version: 9))
        do {
            _ = try serializer.deserialize(stored)
            Issue.record("decoded")
        } catch {
            guard case .undecodable(let type, let version, _) = error else { Issue.record("\(error)"); return }
            #expect(type == "Greeted" && version == 9)
        }
    }
}
