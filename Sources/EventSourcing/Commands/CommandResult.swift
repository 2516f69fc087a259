/// What a command did: the stream, its version after the command, and the types of the events it appended.
public struct CommandResult: Sendable, Equatable, Codable {
    /// The stream the command went to.
    public var streamID: String
    /// The stream's version after the command.
    public var version: Int64
    /// The registered names of the events it appended, in order.
    public var events: [String]
    /// True when this is the stored result of an earlier attempt with the same idempotency key.
    public var replayed = false

    /// A result.
    public init(streamID: String, version: Int64, events: [String], replayed: Bool = false) {
        self.streamID = streamID
        self.version = version
        self.events = events
        self.replayed = replayed
    }
}
