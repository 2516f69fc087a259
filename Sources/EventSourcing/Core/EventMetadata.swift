#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where an event came from: its identity, its place in the stream, and the command chain that caused it.
public struct EventMetadata: Sendable, Equatable, Codable {
    public var eventID: String
    public var streamID: String
    public var version: Int64
    public var timestamp: Date
    public var commandID: String?
    public var correlationID: String?
    public var causationID: String?

    public init(
        eventID: String = UUID().uuidString.lowercased(), streamID: String, version: Int64, timestamp: Date = Date(),
        commandID: String? = nil, correlationID: String? = nil, causationID: String? = nil
    ) {
        self.eventID = eventID
        self.streamID = streamID
        self.version = version
        // Stored to the millisecond: rounding here makes what is read back equal to what was written.
        self.timestamp = Date(timeIntervalSince1970: (timestamp.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.commandID = commandID
        self.correlationID = correlationID
        self.causationID = causationID
    }
}

/// A decoded event with its metadata.
public struct RecordedEvent<Event: Sendable>: Sendable {
    public var event: Event
    public var metadata: EventMetadata
    /// The registered name of the event's type.
    public var type: String
}

/// Identifies the command that produces events, to correlate and deduplicate.
public struct CommandContext: Sendable, Equatable {
    public var commandID: String
    public var correlationID: String?
    public var causationID: String?

    public init(commandID: String = UUID().uuidString.lowercased(), correlationID: String? = nil, causationID: String? = nil) {
        self.commandID = commandID
        self.correlationID = correlationID
        self.causationID = causationID
    }
}
