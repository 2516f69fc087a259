import DynamoDB

/// Turns a domain's events into `StoredEvent`s and back, by registered name.
///
/// Each event type is registered under a stable name (never derived from the Swift type, so a rename cannot break
/// stored events) with its current schema version. Stored payloads of older versions are upcast on read, one
/// version at a time, by the upcasters registered for that name. An unknown name, or a version with no path to
/// the current one, is a clear error.
public struct EventSerializer<Event: Sendable>: Sendable {
    /// A payload transformation from one schema version to the next.
    public typealias Upcaster = @Sendable ([String: AttributeValue]) throws -> [String: AttributeValue]

    private struct Registration: Sendable {
        var schemaVersion: Int
        var decode: @Sendable ([String: AttributeValue]) throws -> Event
        var upcasters: [Int: Upcaster]
    }

    private var registrations: [String: Registration] = [:]
    private var describe: @Sendable (Event) throws -> (name: String, payload: [String: AttributeValue])

    /// - Parameter describe: the registered name and encoded payload of an event (usually a `switch` over the
    ///   domain's event enum, each case calling `EventSerializer.payload(_:)`).
    public init(describe: @escaping @Sendable (Event) throws -> (name: String, payload: [String: AttributeValue])) {
        self.describe = describe
    }

    /// Registers `Payload` under `name` at `schemaVersion`, with `wrap` making the domain event from it.
    public mutating func register<Payload: Decodable & Sendable>(
        _ payload: Payload.Type, as name: String, schemaVersion: Int = 1, wrap: @escaping @Sendable (Payload) -> Event
    ) {
        registrations[name] = Registration(
            schemaVersion: schemaVersion,
            decode: { wrap(try DynamoDBItemDecoder().decode(Payload.self, from: $0)) },
            upcasters: registrations[name]?.upcasters ?? [:])
    }

    /// Registers how to turn a `name` payload of `version` into one of `version + 1`.
    public mutating func upcast(_ name: String, from version: Int, _ upcaster: @escaping Upcaster) {
        registrations[name, default: Registration(schemaVersion: version + 1, decode: { _ in throw SerializationError.unknownEventType(name) }, upcasters: [:])]
            .upcasters[version] = upcaster
    }

    /// Encodes a payload for `describe`.
    public static func payload<Payload: Encodable>(_ value: Payload) throws -> [String: AttributeValue] {
        try DynamoDBItemEncoder().encode(value)
    }

    /// The stored form of `event`.
    public func serialize(_ event: Event, metadata: EventMetadata) throws(SerializationError) -> StoredEvent {
        let described: (name: String, payload: [String: AttributeValue])
        do {
            described = try describe(event)
        } catch {
            throw .unencodable("\(error)")
        }
        guard let registration = registrations[described.name] else { throw .unknownEventType(described.name) }
        return StoredEvent(type: described.name, schemaVersion: registration.schemaVersion, payload: described.payload, metadata: metadata)
    }

    /// The domain event of `stored`, upcast to the current schema first.
    public func deserialize(_ stored: StoredEvent) throws(SerializationError) -> Event {
        guard let registration = registrations[stored.type] else { throw .unknownEventType(stored.type) }
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
            return try registration.decode(payload)
        } catch {
            throw .undecodable(type: stored.type, version: stored.metadata.version, reason: "\(error)")
        }
    }
}

/// An event that cannot be written or read back.
public enum SerializationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownEventType(String)
    case unsupportedSchemaVersion(type: String, version: Int, current: Int)
    case undecodable(type: String, version: Int64, reason: String)
    case unencodable(String)

    public var description: String {
        switch self {
        case .unknownEventType(let name): "unknown event type \"\(name)\": register it with the serializer"
        case .unsupportedSchemaVersion(let type, let version, let current):
            "event type \(type) has schema version \(version); the current one is \(current) and there is no upcaster path"
        case .undecodable(let type, let version, let reason): "event \(type) at version \(version) could not be decoded: \(reason)"
        case .unencodable(let reason): "an event could not be encoded: \(reason)"
        }
    }
}
