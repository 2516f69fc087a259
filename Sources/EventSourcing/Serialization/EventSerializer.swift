/// Turns a domain's events into `StoredEvent`s and back, by the name each payload type gives itself.
///
/// ```swift
/// static let serializer = EventSerializer<AccountEvent>(payload: \.payload)
///     .registering(Opened.self, AccountEvent.opened)
///     .registering(Deposited.self, AccountEvent.deposited)
///     .upcasting(Deposited.self, from: 1) { old in … }   // schema 1 → 2, applied on read
/// ```
///
/// `payload` gives the payload an event carries (a `switch` over the domain's enum); `registering` says how a
/// payload becomes the domain's event again. Stored payloads of older schema versions are upcast on read, one
/// version at a time. An unknown name, or a version with no path to the current one, is a clear error.
public struct EventSerializer<Event: Sendable>: Sendable {
    /// A payload transformation from one schema version to the next, on the stored JSON object.
    public typealias Upcaster = @Sendable ([String: JSON]) throws -> [String: JSON]

    private struct Registration: Sendable {
        var schemaVersion: Int
        /// Nil until the payload type is registered (an upcaster may come first).
        var decode: (@Sendable ([String: JSON]) throws -> Event)?
        var upcasters: [Int: Upcaster] = [:]
    }

    private var registrations: [String: Registration] = [:]
    private let payload: @Sendable (Event) -> any EventPayload

    /// A serializer for events whose payload `payload` returns; register every payload type next.
    public init(payload: @escaping @Sendable (Event) -> any EventPayload) {
        self.payload = payload
    }

    /// This serializer, also reading `Payload` events (under `Payload.eventType`) as `wrap` makes them.
    public func registering<Payload: EventPayload>(_ type: Payload.Type, _ wrap: @escaping @Sendable (Payload) -> Event) -> Self {
        precondition(registrations[Payload.eventType]?.decode == nil, "event type \(Payload.eventType) is registered twice")
        var copy = self
        copy.registrations[Payload.eventType] = Registration(
            schemaVersion: Payload.schemaVersion,
            decode: { wrap(try JSONValueDecoder().decode(Payload.self, from: .object($0))) },
            upcasters: registrations[Payload.eventType]?.upcasters ?? [:])
        return copy
    }

    /// This serializer, also turning a stored `Payload` of schema `version` into one of `version + 1` on read.
    public func upcasting<Payload: EventPayload>(_ type: Payload.Type, from version: Int, _ upcaster: @escaping Upcaster) -> Self {
        var copy = self
        copy.registrations[Payload.eventType, default: Registration(schemaVersion: Payload.schemaVersion)].upcasters[version] = upcaster
        return copy
    }

    /// The registered name of `event`'s type.
    public func eventType(of event: Event) -> String {
        Swift.type(of: payload(event)).eventType
    }

    /// The stored form of `event`.
    public func serialize(_ event: Event, metadata: EventMetadata) throws(SerializationError) -> StoredEvent {
        let carried = payload(event)
        let name = Swift.type(of: carried).eventType
        guard let registration = registrations[name], registration.decode != nil else { throw .unknownEventType(name) }
        let encoded: [String: JSON]
        do {
            encoded = try JSONValueEncoder().encodeObject(carried)
        } catch {
            throw .unencodable("event \(name): \(error)")
        }
        return StoredEvent(type: name, schemaVersion: registration.schemaVersion, payload: encoded, metadata: metadata)
    }

    /// The domain event of `stored`, upcast to the current schema first.
    public func deserialize(_ stored: StoredEvent) throws(SerializationError) -> Event {
        guard let registration = registrations[stored.type], let decode = registration.decode else { throw .unknownEventType(stored.type) }
        var payload = stored.payload
        var version = stored.schemaVersion
        guard version <= registration.schemaVersion else {
            throw .unsupportedSchemaVersion(type: stored.type, version: version, current: registration.schemaVersion)
        }
        while version < registration.schemaVersion {
            guard let upcaster = registration.upcasters[version] else {
                throw .unsupportedSchemaVersion(type: stored.type, version: version, current: registration.schemaVersion)
            }
            do {
                payload = try upcaster(payload)
            } catch {
                throw .undecodable(type: stored.type, version: stored.metadata.version, reason: "upcasting from schema \(version) failed: \(error)")
            }
            version += 1
        }
        do {
            return try decode(payload)
        } catch {
            throw .undecodable(type: stored.type, version: stored.metadata.version, reason: "\(error)")
        }
    }

    /// `stored` as a domain event with its metadata.
    public func recorded(_ stored: StoredEvent) throws(SerializationError) -> RecordedEvent<Event> {
        RecordedEvent(event: try deserialize(stored), metadata: stored.metadata, type: stored.type)
    }
}
