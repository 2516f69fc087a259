import EventSourcing
import Synchronization

/// Ledgers in a pair of stores, with the projectors and rebuilds the rebuild checks run.
final class RebuildWorld: Sendable {
    let stores: RebuildStores
    /// Pointers read afresh every time: what the checks change, they see at once.
    let generations: ReadModelGenerations
    private let streams = Mutex<[String]>([])

    init(stores: RebuildStores) {
        self.stores = stores
        generations = ReadModelGenerations(store: stores.readModels, maximumStaleness: .zero)
    }

    /// Eight ledgers of three notebooks, 44 events; their records, stream by stream.
    func appendLedgers() async throws -> [ProjectorRecord] {
        var records: [ProjectorRecord] = []
        for number in 1...8 {
            records += try await append("l\(number)", [.noted(Noted(text: "n\(number % 3 + 1)"))] + (1...number).map { .added(Added(amount: $0 * 100 + number)) })
        }
        return records
    }

    /// Appends `history` to `stream`; the records a change stream would deliver.
    func append(_ stream: String, _ history: [LedgerEvent]) async throws -> [ProjectorRecord] {
        let start = try await stores.events.load(streamID: stream, upTo: nil) { _ in false }.version
        let stored = try history.enumerated().map { offset, event in
            try LedgerEvent.serializer.serialize(event, metadata: EventMetadata(streamID: stream, version: start + Int64(offset) + 1))
        }
        try await stores.events.append(stored, expectedVersion: start, idempotency: nil)
        streams.withLock { if !$0.contains(stream) { $0.append(stream) } }
        return stored.map(ProjectorRecord.event)
    }

    /// The live projector of `projections`, its pointers cached for `staleness`.
    func live(_ projections: [any Projection<LedgerEvent>], staleness: Duration = .zero) -> Projector<LedgerEvent> {
        Projector(
            serializer: LedgerEvent.serializer, eventStore: stores.events, readModels: stores.readModels, projections: projections,
            targets: .writing(ReadModelGenerations(store: stores.readModels, maximumStaleness: staleness)))
    }

    /// A rebuild of `projection` in three segments of pages of four items, with no wait (the checks' pointers are
    /// never cached longer, unless they say so).
    func rebuild(_ projection: any Projection<LedgerEvent>) -> ReadModelRebuild<LedgerEvent> {
        var rebuild = ReadModelRebuild(projection: projection, serializer: LedgerEvent.serializer, eventStore: stores.events, generations: generations)
        rebuild.segments = 3
        rebuild.pageSize = 4
        rebuild.settle = .zero
        return rebuild
    }

    func book(_ key: String, generation: Int) async throws -> NotebookTotals.Book? {
        try await stores.readModels.read(NotebookTotals.self, key: key, generation: generation)?.document
    }

    /// `projection` folded from every event appended so far, in a fresh store, one batch per stream.
    func fromScratch(_ projection: any Projection<LedgerEvent>) async throws -> InMemoryReadModelStore {
        let scratch = InMemoryReadModelStore()
        let projector = Projector(serializer: LedgerEvent.serializer, eventStore: stores.events, readModels: scratch, projections: [projection])
        for stream in streams.withLock({ $0 }) {
            let outcome = await projector.project(try await stores.events.events(streamID: stream, after: 0, upTo: nil, limit: nil).map(ProjectorRecord.event))
            try expect(outcome.failure == nil, "the from-scratch projection failed: \(String(describing: outcome.failure))")
        }
        return scratch
    }

    /// Checks that generation `generation` of `projection` holds exactly the documents a from-scratch projection
    /// makes: the same keys, bodies and versions applied (revisions count writes, which differ).
    func expectFromScratch(_ projection: any Projection<LedgerEvent>, generation: Int) async throws {
        let name = type(of: projection).name
        let expected = try await fromScratch(projection).all.filter { $0.id.readModel == name }
        let stored = try await stores.documents(GenerationPointer.storedName(name, generation: generation))
        func contents(_ documents: [StoredDocument]) -> [String: [JSON]] {
            Dictionary(uniqueKeysWithValues: documents.map { ($0.id.key, [$0.body, .object($0.versions.mapValues { .number(String($0)) })]) })
        }
        try expect(contents(stored) == contents(expected) && !expected.isEmpty,
                   "\(GenerationPointer.storedName(name, generation: generation)) holds \(contents(stored)), a from-scratch projection \(contents(expected))")
    }
}

/// The notebook's fold with a bug: every addition counted twice.
struct DoubleCountingNotebook: Projection {
    static let name = NotebookTotals.name
    let partition = NotebookTotals().partition

    func apply(_ event: RecordedEvent<LedgerEvent>, to document: NotebookTotals.Book?) throws -> NotebookTotals.Book {
        var book = try NotebookTotals().apply(event, to: document)
        if case .added(let added) = event.event { book.total += added.amount }
        return book
    }
}

/// A read-model store whose `failWrite`-th write of a generation pointer fails, as a process killed right after
/// writing a page's documents would.
final class PointerWriteFailures: ReadModelStore {
    let base: any ReadModelStore
    private let remaining: Mutex<Int>

    init(_ base: any ReadModelStore, failWrite: Int) {
        self.base = base
        remaining = Mutex(failWrite)
    }

    func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument? { try await base.document(id) }

    func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        if document.id.readModel == ReadModelGenerations.pointerReadModel, remaining.withLock({ $0 -= 1; return $0 == 0 }) {
            throw .unavailable("injected: the process died before its checkpoint")
        }
        try await base.write(document, expectedRevision: expectedRevision)
    }

    func write(_ writes: [DocumentWrite]) async throws(ReadModelError) { try await base.write(writes) }
}

/// An event store that, before each scan page, lets `onScan` append (and project) events: what happens live while
/// a rebuild reads.
final class AppendingDuringScan: ScannableEventStore {
    let base: any ScannableEventStore
    private let state = Mutex<(calls: Int, appended: Int, hook: (@Sendable (Int) async throws -> [ProjectorRecord])?)>((0, 0, nil))

    init(_ base: any ScannableEventStore) {
        self.base = base
    }

    /// Called with the scan call's number (from 1); returns the records it appended.
    var onScan: (@Sendable (Int) async throws -> [ProjectorRecord])? {
        get { state.withLock { $0.hook } }
        set { state.withLock { $0.hook = newValue } }
    }

    /// Events the hook appended.
    var appended: Int { state.withLock { $0.appended } }

    func scan(segment: Int, of segments: Int, after cursor: JSON?, limit: Int) async throws(EventStoreError) -> EventScanPage {
        let (call, hook) = state.withLock { state in
            state.calls += 1
            return (state.calls, state.hook)
        }
        if let hook {
            do {
                let records = try await hook(call)
                state.withLock { $0.appended += records.count }
            } catch {
                throw .unavailable("the scan hook failed: \(error)")
            }
        }
        return try await base.scan(segment: segment, of: segments, after: cursor, limit: limit)
    }

    func approximateItemCount() async throws(EventStoreError) -> Int? { try await base.approximateItemCount() }

    func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError) {
        try await base.append(events, expectedVersion: expectedVersion, idempotency: idempotency)
    }

    func load(streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool) async throws(EventStoreError) -> StreamSlice {
        try await base.load(streamID: streamID, upTo: version, acceptsSnapshot: acceptsSnapshot)
    }

    func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent] {
        try await base.events(streamID: streamID, after: after, upTo: upTo, limit: limit)
    }

    func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError) { try await base.saveSnapshot(snapshot) }
    func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? { try await base.idempotencyRecord(key: key) }
    func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(EventStoreError) { try await base.saveIdempotencyRecord(record) }
}
