import DynamoDB
import Synchronization

/// Loads aggregates from an event store and saves their new events.
///
/// A load reads the newest snapshot (of the aggregate's current `snapshotSchemaVersion`, or one that can be
/// upcast) and folds the events after it. After a save that crosses a multiple of `snapshotInterval`, a
/// snapshot of the new state is written in the background (`pendingSnapshots()` awaits them): a failed
/// snapshot costs only a longer load, never a command.
public struct Repository<State: Aggregate>: Sendable {
    public let store: any EventStore
    public let serializer: EventSerializer<State.Event>
    public let snapshotInterval: Int
    private let snapshotUpcasters: [Int: EventSerializer<State.Event>.Upcaster]
    private let snapshots = SnapshotTasks()

    /// - Parameters:
    ///   - snapshotInterval: events between snapshots (`SNAPSHOT_INTERVAL`); 0 turns snapshots off.
    ///   - snapshotUpcasters: from an older snapshot schema version to the next, applied on read.
    public init(
        store: any EventStore, serializer: EventSerializer<State.Event>, snapshotInterval: Int = 100,
        snapshotUpcasters: [Int: EventSerializer<State.Event>.Upcaster] = [:]
    ) {
        self.store = store
        self.serializer = serializer
        self.snapshotInterval = max(0, snapshotInterval)
        self.snapshotUpcasters = snapshotUpcasters
    }

    /// An aggregate's state at a version.
    public struct Loaded: Sendable {
        public var state: State
        public var version: Int64
        /// The version of the snapshot the load started from, or 0.
        public var snapshotVersion: Int64
        /// How many events were folded on top of it.
        public var eventsRead: Int
    }

    /// The state of `streamID` now, or at `version`.
    public func load(_ streamID: String, at version: Int64? = nil) async throws(RepositoryError) -> Loaded {
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
        for stored in slice.events {
            do {
                state.apply(try serializer.deserialize(stored))
            } catch {
                throw .unreadableEvent(streamID: stored.streamID, version: stored.version, error)
            }
        }
        return Loaded(state: state, version: slice.version, snapshotVersion: slice.snapshot?.version ?? 0, eventsRead: slice.events.count)
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

    /// Appends `events` after `expectedVersion`, with an idempotency record if given; returns what was stored.
    /// `stateAfter` (the state once the events are applied) is used for a snapshot when one is due.
    @discardableResult
    public func save(
        _ events: [State.Event], to streamID: String, expectedVersion: Int64, context: CommandContext = CommandContext(),
        idempotency: IdempotencyRecord? = nil, stateAfter: State? = nil
    ) async throws(RepositoryError) -> [StoredEvent] {
        let stored = try serialize(events, to: streamID, expectedVersion: expectedVersion, context: context)
        try await append(stored, expectedVersion: expectedVersion, idempotency: idempotency, stateAfter: stateAfter)
        return stored
    }

    /// Appends events already serialized with `serialize(_:to:expectedVersion:context:)`.
    public func append(
        _ stored: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord? = nil, stateAfter: State? = nil
    ) async throws(RepositoryError) {
        do {
            try await store.append(stored, expectedVersion: expectedVersion, idempotency: idempotency)
        } catch {
            throw .store(error)
        }
        let newVersion = expectedVersion + Int64(stored.count)
        if let stateAfter, let streamID = stored.first?.streamID, snapshotInterval > 0,
           newVersion / Int64(snapshotInterval) > expectedVersion / Int64(snapshotInterval) {
            scheduleSnapshot(stateAfter, streamID: streamID, version: newVersion)
        }
    }

    /// Waits for the snapshots written in the background so far.
    public func pendingSnapshots() async {
        await snapshots.drain()
    }

    private func scheduleSnapshot(_ state: State, streamID: String, version: Int64) {
        guard let encoded = try? DynamoDBItemEncoder().encode(state) else { return }
        let snapshot = StoredSnapshot(streamID: streamID, version: version, schemaVersion: State.snapshotSchemaVersion, state: encoded)
        let store = self.store
        snapshots.start { try? await store.saveSnapshot(snapshot) }
    }

    private func decodeSnapshot(_ snapshot: StoredSnapshot) throws(RepositoryError) -> State {
        var encoded = snapshot.state
        var version = snapshot.schemaVersion
        do {
            while version < State.snapshotSchemaVersion {
                encoded = try snapshotUpcasters[version]!(encoded)
                version += 1
            }
            return try DynamoDBItemDecoder().decode(State.self, from: encoded)
        } catch {
            throw .serialization(.undecodable(type: "snapshot of \(State.self) in stream \(snapshot.streamID)", version: snapshot.version, reason: "\(error)"))
        }
    }

    private static func canUpcast(from version: Int, to current: Int, using available: Set<Int>) -> Bool {
        version < current && (version..<current).allSatisfy(available.contains)
    }
}

/// A repository failure: the store's, or an event that could not be (de)serialized.
public enum RepositoryError: Error, Sendable, Equatable, CustomStringConvertible {
    case store(EventStoreError)
    case serialization(SerializationError)
    /// A stored event that cannot be turned back into a domain event (an unknown type, a schema with no upcaster).
    case unreadableEvent(streamID: String, version: Int64, SerializationError)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .serialization(let error): error.description
        case .unreadableEvent(let stream, let version, let error): "event \(version) of stream \(stream) cannot be read: \(error)"
        }
    }
}

/// Background snapshot writes, so that tests (and a function before it returns) can wait for them.
final class SnapshotTasks: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])

    func start(_ work: @escaping @Sendable () async -> Void) {
        let task = Task.detached { await work() }
        tasks.withLock { $0.append(task) }
    }

    func drain() async {
        while true {
            let pending = tasks.withLock { tasks in
                defer { tasks.removeAll() }
                return tasks
            }
            if pending.isEmpty { return }
            for task in pending { await task.value }
        }
    }
}
