import EventSourcing

/// What a `CommandAPI`'s routes run on: the stores, the dispatcher, and how callers are known.
public struct APIServices<Handler: CommandHandler>: Sendable where Handler.State: OwnedAggregate {
    /// Runs the commands, with ownership checked.
    public let dispatcher: CommandDispatcher<CallerScopedHandler<Handler>>
    /// The events (for the events route).
    public let eventStore: any EventStore
    /// The read models (for the document routes).
    public let readModels: any ReadModelStore
    /// Which generation of each read model the document routes read (its `current`, cached).
    public let generations: ReadModelGenerations
    /// Who the caller is.
    public let authMode: AuthMode
    /// How long `?minVersion=N` waits for a read model to catch up.
    public var projectionWait: Duration

    /// Services on the given stores; `generations` (by default: pointers in `readModels`, each read used for five
    /// seconds) says which generation of each read model is read; the folded states of up to `stateCacheSize`
    /// streams are kept between commands (`StateCache`; 0 keeps none).
    public init(
        handler: Handler, serializer: EventSerializer<Handler.State.Event>, eventStore: any EventStore, readModels: any ReadModelStore,
        snapshotInterval: Int = 100, stateCacheSize: Int = 1_000, authMode: AuthMode = .jwt, projectionWait: Duration = .seconds(2),
        generations: ReadModelGenerations? = nil
    ) {
        let repository = Repository<Handler.State>(
            store: eventStore, serializer: serializer, snapshotInterval: snapshotInterval,
            stateCache: stateCacheSize > 0 ? StateCache(capacity: stateCacheSize) : nil)
        dispatcher = CommandDispatcher(handler: CallerScopedHandler(handler), repository: repository)
        self.eventStore = eventStore
        self.readModels = readModels
        self.generations = generations ?? ReadModelGenerations(store: readModels)
        self.authMode = authMode
        self.projectionWait = projectionWait
    }

    /// How stored events become the domain's events.
    public var serializer: EventSerializer<Handler.State.Event> { dispatcher.repository.serializer }
}
