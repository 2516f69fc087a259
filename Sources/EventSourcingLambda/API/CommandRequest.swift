/// What a command route knows of its request, beyond the body: who sent it and which stream it names.
public struct CommandRequest<ID: StreamIdentifier>: Sendable {
    /// The authenticated caller (see `AuthMode`).
    public var caller: String
    /// The route's `{id}`.
    public var id: ID
}
