import EventSourcing

/// A domain's HTTP API, declared route by route: commands, the events of a stream, and read-model documents.
///
/// ```swift
/// public static let api = CommandAPI(AccountHandler(), serializer: AccountEvent.serializer, id: AccountID.self)
///     .command("POST", "/accounts/{id}/open", creates: true, status: 201) { (_: NoBody, request) in .open(owner: request.caller) }
///     .command("POST", "/accounts/{id}/deposit") { (body: AmountBody, _) in .deposit(body.amount) }
///     .events("GET", "/accounts/{id}/events")
///     .document("GET", "/accounts/{id}", AccountSummaryProjection())
///     .callerDocument("GET", "/accounts", OwnerAccountsProjection()) { list, caller in OwnerAccountsView(list, owner: caller) }
/// ```
///
/// Every route knows its caller (`AuthMode`) and shows a stream only to its owner: another owner's stream answers
/// exactly as a missing one does. Commands take `If-Match` and `Idempotency-Key`; documents take `?minVersion`.
/// `CommandAPIHandler` serves the API as a Lambda function.
public struct CommandAPI<Handler: CommandHandler, ID: StreamIdentifier>: Sendable
where Handler.State: OwnedAggregate, Handler.Failure: APIErrorConvertible {
    /// The domain's decisions.
    public let handler: Handler
    /// How its events are stored.
    public let serializer: EventSerializer<Handler.State.Event>
    /// The answer to a creating command on a stream someone else owns.
    public let alreadyExists: APIError
    /// The routes.
    public private(set) var router = Router<APIServices<Handler>>()

    /// An API with no routes yet; `alreadyExists` answers a creating command on another owner's stream (say it
    /// as the domain says it for its own, so that the two cannot be told apart).
    public init(_ handler: Handler, serializer: EventSerializer<Handler.State.Event>, id: ID.Type, alreadyExists: APIError = .alreadyExists) {
        self.handler = handler
        self.serializer = serializer
        self.alreadyExists = alreadyExists
    }

    /// This API with one more route.
    func adding(_ method: String, _ path: String, _ route: @escaping Router<APIServices<Handler>>.Handler) -> Self {
        var copy = self
        copy.router.on(method, path, route)
        return copy
    }
}
