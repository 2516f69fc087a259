/// What a command route knows of its request, beyond the body: who sent it, which stream it names, and the
/// path's other parameters.
public struct CommandRequest<ID: StreamIdentifier>: Sendable {
    /// The authenticated caller (see `AuthMode`).
    public var caller: String
    /// The route's `{id}`.
    public var id: ID
    /// Every path parameter by name, percent-decoded (`{id}` included), for routes such as
    /// `/lists/{id}/tasks/{task}/complete`.
    public var parameters: [String: String]
}
