#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where an event came from: its identity, its place in the stream, and the command chain that caused it.
public struct EventMetadata: Sendable, Equatable, Codable {
    /// A unique id (a lower-case UUID unless given).
    public var eventID: String
    /// The stream (aggregate) the event belongs to.
    public var streamID: String
    /// Its version in the stream: 1, 2, 3… without gaps.
    public var version: Int64
    /// When it was appended, to the millisecond.
    public var timestamp: Date
    /// The command that produced it.
    public var commandID: String?
    /// The request or conversation it belongs to.
    public var correlationID: String?
    /// What caused the command (an event or command id).
    public var causationID: String?

    /// Metadata for version `version` of `streamID`; the timestamp is kept to the millisecond, so that what is
    /// read back equals what was written.
    public init(
        eventID: String = RandomUUID.string(), streamID: String, version: Int64, timestamp: Date = Date(),
        commandID: String? = nil, correlationID: String? = nil, causationID: String? = nil
    ) {
        self.eventID = eventID
        self.streamID = streamID
        self.version = version
        self.timestamp = Date(timeIntervalSince1970: (timestamp.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.commandID = commandID
        self.correlationID = correlationID
        self.causationID = causationID
    }
}
