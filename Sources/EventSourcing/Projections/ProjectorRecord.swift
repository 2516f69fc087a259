/// One record of a batch, as the projector sees it: an event, something to skip, or something unreadable.
public enum ProjectorRecord: Sendable, Equatable {
    /// An event read from a change stream (a DynamoDB stream record's new image).
    case event(StoredEvent)
    /// A record that is not an event (a kept decision, a TTL removal); the reason is logged.
    case skip(String)
    /// A record that claims to be an event but cannot be read: the batch's failure.
    case unreadable(String)
}
