#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One position of the global feed: a reference to an event (its stream and version), with its type and id so that a
/// reader can skip what it does not want without reading the event.
public struct FeedEntry: Sendable, Equatable {
    /// Its place in the one order of all streams: 0, 1, 2… without gaps.
    public var position: Int64
    /// The event's stream.
    public var streamID: String
    /// The event's version in its stream.
    public var version: Int64
    /// The event's registered type.
    public var type: String
    /// The event's id.
    public var eventID: String
    /// When the event was appended.
    public var timestamp: Date

    /// An entry for `event` at `position`.
    public init(position: Int64, event: StoredEvent) {
        self.position = position
        streamID = event.streamID
        version = event.version
        type = event.type
        eventID = event.metadata.eventID
        timestamp = event.metadata.timestamp
    }

    /// An entry read back.
    public init(position: Int64, streamID: String, version: Int64, type: String, eventID: String, timestamp: Date) {
        self.position = position
        self.streamID = streamID
        self.version = version
        self.type = type
        self.eventID = eventID
        self.timestamp = timestamp
    }
}

/// An event of the feed: its position and the event itself.
public struct FeedEvent: Sendable, Equatable {
    /// Its place in the feed.
    public var position: Int64
    /// The event.
    public var event: StoredEvent

    /// A feed event.
    public init(position: Int64, event: StoredEvent) {
        self.position = position
        self.event = event
    }
}
