#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Identifies the command that produces events, to correlate and deduplicate.
public struct CommandContext: Sendable, Equatable {
    /// The command's id (a lower-case UUID unless given); every event it produces carries it.
    public var commandID: String
    /// The request it belongs to (an API request id); the command id when absent.
    public var correlationID: String?
    /// What caused it; the command id when absent.
    public var causationID: String?

    /// A context for one command.
    public init(commandID: String = RandomUUID.string(), correlationID: String? = nil, causationID: String? = nil) {
        self.commandID = commandID
        self.correlationID = correlationID
        self.causationID = causationID
    }
}
