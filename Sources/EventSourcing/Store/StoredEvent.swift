/// An event as a store keeps it: its registered type, the schema version of its payload, the payload as a JSON
/// object, and its metadata. Stores do not know the domain's Swift types; the serializer does.
public struct StoredEvent: Sendable, Equatable {
    /// The registered name of the payload's type.
    public var type: String
    /// The version of the payload's shape when it was written.
    public var schemaVersion: Int
    /// The payload.
    public var payload: [String: JSON]
    /// Stream, version, timestamp and ids.
    public var metadata: EventMetadata

    /// A stored event.
    public init(type: String, schemaVersion: Int, payload: [String: JSON], metadata: EventMetadata) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
    }

    /// The stream it belongs to.
    public var streamID: String { metadata.streamID }
    /// Its version in the stream.
    public var version: Int64 { metadata.version }
}
