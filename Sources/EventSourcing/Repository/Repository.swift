/// Loads aggregates from an event store and appends their new events.
///
/// A load reads the newest snapshot (of the aggregate's current `snapshotSchemaVersion`, or one that can be
/// upcast) and folds the events after it. After an append that crosses a multiple of `snapshotInterval`, a
/// snapshot of the new state is written as deferred work (`DeferredWork`): after the answer when the host defers,
/// otherwise before `append` returns. A failed snapshot costs only a longer load, never a command.
///
/// With a `StateCache`, a load of a stream loaded before reads only the events from the cached version on (a
/// `Query` on DynamoDB, no snapshot read) and folds the new ones into the cached state, after checking that the
/// event at the cached version is still the one folded; otherwise, or when the stream has moved on by
/// `snapshotInterval` events or more since, it loads in full.
public struct Repository<State: Aggregate>: Sendable {
    /// A transformation of a stored snapshot from one schema version to the next.
    public typealias SnapshotUpcaster = @Sendable ([String: JSON]) throws -> [String: JSON]

    /// Where the events are.
    public let store: any EventStore
    /// How the domain's events are stored.
    public let serializer: EventSerializer<State.Event>
    /// Events between snapshots (`SNAPSHOT_INTERVAL`); 0 turns snapshots off.
    public let snapshotInterval: Int
    /// The states of streams loaded before, when kept.
    public let stateCache: StateCache<State>?
    private let snapshotUpcasters: [Int: SnapshotUpcaster]

    /// - Parameters:
    ///   - snapshotInterval: events between snapshots; 0 turns snapshots off.
    ///   - snapshotUpcasters: from an older snapshot schema version to the next, applied on read.
    ///   - stateCache: where loads keep the states they fold, for the next load of the same stream; nil keeps none.
    public init(
        store: any EventStore, serializer: EventSerializer<State.Event>, snapshotInterval: Int = 100,
        snapshotUpcasters: [Int: SnapshotUpcaster] = [:], stateCache: StateCache<State>? = nil
    ) {
        self.store = store
        self.serializer = serializer
        self.snapshotInterval = max(0, snapshotInterval)
        self.snapshotUpcasters = snapshotUpcasters
        self.stateCache = stateCache
    }

    /// An aggregate's state at a version.
    public struct Loaded: Sendable {
        /// The folded state.
        public var state: State
        /// The version it is at (0 for a stream with no events).
        public var version: Int64
        /// The version of the snapshot the load started from, or 0.
        public var snapshotVersion: Int64
        /// How many events were folded on top of it (or of the cached state; the event a cached load checks is not one).
        public var eventsRead: Int
        /// The version of the cached state the load started from, or 0 when it did not start from the cache.
        public var cachedVersion: Int64 = 0
    }

    /// The state of `streamID` now, or at `version`: from the cached state when there is a usable one, else from
    /// the newest usable snapshot.
    public func load(_ streamID: String, at version: Int64? = nil) async throws(RepositoryError) -> Loaded {
        if let stateCache, let cached = stateCache.entry(for: streamID), cached.version <= version ?? .max {
            if let loaded = try await load(streamID, from: cached, upTo: version) { return loaded }
            stateCache.forget(cached, for: streamID)
        }
        let current = State.snapshotSchemaVersion
        let upcastable = Set(snapshotUpcasters.keys)
        let slice: StreamSlice
        do {
            slice = try await store.load(streamID: streamID, upTo: version) { snapshot in
                snapshot.schemaVersion == current || Self.canUpcast(from: snapshot.schemaVersion, to: current, using: upcastable)
            }
        } catch {
            throw .store(error)
        }
        var state = State()
        if let snapshot = slice.snapshot {
            state = try decodeSnapshot(snapshot)
        }
        try fold(slice.events[...], into: &state)
        if let stateCache, let eventID = slice.events.last?.metadata.eventID ?? slice.snapshot?.eventID {
            stateCache.keep(.init(state: state, version: slice.version, eventID: eventID), for: streamID)
        }
        return Loaded(state: state, version: slice.version, snapshotVersion: slice.snapshot?.version ?? 0, eventsRead: slice.events.count)
    }

    /// The state from `cached` on; nil when the stream no longer holds the event `cached` was folded up to, or when
    /// `snapshotInterval` events or more came after it (a full load reads fewer).
    private func load(_ streamID: String, from cached: StateCache<State>.Entry, upTo version: Int64?) async throws(RepositoryError) -> Loaded? {
        let limit = snapshotInterval > 0 ? snapshotInterval + 1 : nil
        let events: [StoredEvent]
        do {
            events = try await store.events(streamID: streamID, after: cached.version - 1, upTo: version, limit: limit)
        } catch {
            throw .store(error)
        }
        guard let first = events.first, first.version == cached.version, first.metadata.eventID == cached.eventID,
              events.count != limit
        else { return nil }
        var state = cached.state
        try fold(events.dropFirst(), into: &state)
        let last = events[events.count - 1]
        if let stateCache, last.version > cached.version {
            stateCache.keep(.init(state: state, version: last.version, eventID: last.metadata.eventID), for: streamID)
        }
        return Loaded(state: state, version: last.version, snapshotVersion: 0, eventsRead: events.count - 1, cachedVersion: cached.version)
    }

    /// Folds `events` into `state`.
    private func fold(_ events: ArraySlice<StoredEvent>, into state: inout State) throws(RepositoryError) {
        for stored in events {
            do {
                state.apply(try serializer.deserialize(stored))
            } catch {
                throw .unreadableEvent(streamID: stored.streamID, version: stored.version, error)
            }
        }
    }

    /// The stored form of `events`, as they would follow `expectedVersion` in `streamID` (nothing is written).
    public func serialize(
        _ events: [State.Event], to streamID: String, expectedVersion: Int64, context: CommandContext = CommandContext()
    ) throws(RepositoryError) -> [StoredEvent] {
        var stored: [StoredEvent] = []
        for (offset, event) in events.enumerated() {
            let metadata = EventMetadata(
                streamID: streamID, version: expectedVersion + Int64(offset) + 1, commandID: context.commandID,
                correlationID: context.correlationID ?? context.commandID, causationID: context.causationID ?? context.commandID)
            do {
                stored.append(try serializer.serialize(event, metadata: metadata))
            } catch {
                throw .serialization(error)
            }
        }
        return stored
    }

    /// Appends events made by `serialize(_:to:expectedVersion:context:)`, with an idempotency record if given.
    /// `stateAfter` (the state once the events are applied) is kept as a snapshot when one is due.
    public func append(
        _ stored: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord? = nil, stateAfter: State? = nil
    ) async throws(RepositoryError) {
        do {
            try await store.append(stored, expectedVersion: expectedVersion, idempotency: idempotency)
        } catch {
            throw .store(error)
        }
        let newVersion = expectedVersion + Int64(stored.count)
        guard let stateAfter, let streamID = stored.first?.streamID, snapshotInterval > 0,
              newVersion / Int64(snapshotInterval) > expectedVersion / Int64(snapshotInterval),
              let encoded = try? JSONValueEncoder().encodeObject(stateAfter)
        else { return }
        let snapshot = StoredSnapshot(
            streamID: streamID, version: newVersion, schemaVersion: State.snapshotSchemaVersion, state: encoded, eventID: stored.last?.metadata.eventID)
        let store = self.store
        await DeferredWork.schedule { try? await store.saveSnapshot(snapshot) }
    }

    private func decodeSnapshot(_ snapshot: StoredSnapshot) throws(RepositoryError) -> State {
        var encoded = snapshot.state
        var version = snapshot.schemaVersion
        do {
            while version < State.snapshotSchemaVersion, let upcaster = snapshotUpcasters[version] {
                encoded = try upcaster(encoded)
                version += 1
            }
            return try JSONValueDecoder().decode(State.self, from: .object(encoded))
        } catch {
            throw .serialization(.undecodable(type: "snapshot of \(State.self) in stream \(snapshot.streamID)", version: snapshot.version, reason: "\(error)"))
        }
    }

    private static func canUpcast(from version: Int, to current: Int, using available: Set<Int>) -> Bool {
        version < current && (version..<current).allSatisfy(available.contains)
    }
}
