/// An aggregate's state at a version, encoded, with the schema version of that encoding.
public struct StoredSnapshot: Sendable, Equatable {
    /// The stream it summarises.
    public var streamID: String
    /// The version of the last event folded into it.
    public var version: Int64
    /// `Aggregate.snapshotSchemaVersion` when it was written.
    public var schemaVersion: Int
    /// The encoded state.
    public var state: [String: JSON]
    /// The id of the event at `version`, when the writer knew it: a `StateCache` keeps a state loaded from the
    /// snapshot alone under it.
    public var eventID: String?

    /// A snapshot.
    public init(streamID: String, version: Int64, schemaVersion: Int, state: [String: JSON], eventID: String? = nil) {
        self.streamID = streamID
        self.version = version
        self.schemaVersion = schemaVersion
        self.state = state
        self.eventID = eventID
    }
}
