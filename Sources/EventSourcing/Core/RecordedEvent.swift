/// A domain event read back from a store, with its metadata and registered type name.
public struct RecordedEvent<Event: Sendable>: Sendable {
    /// The domain event.
    public var event: Event
    /// Its stream, version, timestamp and ids.
    public var metadata: EventMetadata
    /// The registered name of the event's type (`EventPayload.eventType`).
    public var type: String

    /// A recorded event.
    public init(event: Event, metadata: EventMetadata, type: String) {
        self.event = event
        self.metadata = metadata
        self.type = type
    }

    /// The stream the event belongs to.
    public var streamID: String { metadata.streamID }
    /// Its version in that stream.
    public var version: Int64 { metadata.version }
}

extension RecordedEvent: Equatable where Event: Equatable {}
