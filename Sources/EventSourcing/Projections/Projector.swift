import Synchronization

/// Applies a batch of events to read models, each event exactly once per document, in version order per stream.
///
/// - The batch is cut at the first record that cannot be read or applied: that record is the failure reported,
///   and nothing from it on is applied.
/// - Events are grouped per document (one write per document per batch); each document keeps, per stream, the
///   version it has applied, written atomically with it. An event at or below that version is a duplicate, a no-op;
///   a gap (version N arrives when N-1 was not applied) is filled from the event store first.
/// - Writes are conditional on the document's revision: a concurrent writer means read again and re-apply, up to
///   `maxAttempts` times. A write that still fails reports the document's first record as the failure; documents
///   written before it stay written, and their events are duplicates when Lambda redelivers from the failure.
public struct Projector<Event: Sendable>: Sendable {
    /// How stored events become domain events.
    public let serializer: EventSerializer<Event>
    /// Where gaps are filled from.
    public let eventStore: any EventStore
    /// Where the documents are.
    public let readModels: any ReadModelStore
    /// The read models to keep.
    public let projections: [any Projection<Event>]
    /// Reads and writes of one document before a conflict is given up on.
    public var maxAttempts = 5
    private let firstEvents = FirstEventCache<Event>()

    /// A projector of `projections`.
    public init(serializer: EventSerializer<Event>, eventStore: any EventStore, readModels: any ReadModelStore, projections: [any Projection<Event>]) {
        self.serializer = serializer
        self.eventStore = eventStore
        self.readModels = readModels
        self.projections = projections
    }

    /// One event of the batch, with its place in it.
    struct Entry: Sendable {
        var index: Int
        var event: RecordedEvent<Event>
    }

    /// What one batch has done so far, and the events it read from the event store (so that two documents fed
    /// by one stream read a gap once).
    struct Batch {
        var outcome = ProjectorOutcome()
        var fetched: [String: [Int64: RecordedEvent<Event>]] = [:]
    }

    /// Applies `records`, oldest first.
    public func project(_ records: [ProjectorRecord]) async -> ProjectorOutcome {
        var batch = Batch()
        var entries: [Entry] = []
        for (index, record) in records.enumerated() {
            switch record {
            case .skip(let reason):
                batch.outcome.skipped.append((index, reason))
                continue
            case .unreadable(let reason):
                batch.outcome.fail(at: index, reason)
            case .event(let stored):
                do {
                    entries.append(Entry(index: index, event: try serializer.recorded(stored)))
                    continue
                } catch {
                    batch.outcome.fail(at: index, "event \(stored.version) of stream \(stored.streamID) cannot be read: \(error)")
                }
            }
            break
        }
        let groups = await route(entries, batch: &batch)
        // Fold every document before any write, so that an event that cannot be applied cuts the batch before
        // anything after it is written; a document folded past a cut found later is folded again without it,
        // until the cut holds still.
        var folded: [(group: DocumentGroup, fold: Fold?, limit: Int?)] = groups.map { ($0, nil, nil) }
        var settled = false
        while !settled {
            settled = true
            for (number, (group, fold, limit)) in folded.enumerated() {
                if let limit, limit <= batch.limit || (fold != nil && !group.entries.contains { $0.index >= batch.limit }) { continue }
                let cut = batch.limit
                do {
                    folded[number].fold = if let fold {
                        try await self.fold(group, into: fold.read, before: cut, batch: &batch)
                    } else {
                        try await self.fold(group, before: cut, batch: &batch)
                    }
                } catch {
                    batch.outcome.fail(at: error.index, error.reason)
                    folded[number].fold = nil
                }
                folded[number].limit = cut
                if batch.limit < cut { settled = false }
            }
        }
        for (group, first, _) in folded {
            guard let first, let start = group.entries.first?.index, start < batch.limit else { continue }
            do {
                try await write(group, first: first, before: batch.limit, batch: &batch)
            } catch {
                batch.outcome.fail(at: error.index, error.reason)
                break
            }
        }
        return batch.outcome
    }

    // MARK: Routing

    /// The events of one document, oldest record first.
    struct DocumentGroup: Sendable {
        var id: DocumentID
        var projection: Int
        var entries: [Entry]
    }

    /// Groups the entries by the documents they reach, in order of first appearance; a stream whose first event
    /// cannot be read cuts the batch there.
    private func route(_ entries: [Entry], batch: inout Batch) async -> [DocumentGroup] {
        var groups: [DocumentGroup] = []
        var position: [DocumentID: Int] = [:]
        for entry in entries {
            if entry.index >= batch.limit { break }
            for (number, projection) in projections.enumerated() {
                let key: String?
                do {
                    key = try await documentKey(projection, for: entry, batch: &batch)
                } catch {
                    batch.outcome.fail(at: entry.index, error.reason)
                    break
                }
                guard let key else { continue }
                let id = DocumentID(readModel: type(of: projection).name, key: key)
                if let existing = position[id] {
                    groups[existing].entries.append(entry)
                } else {
                    position[id] = groups.count
                    groups.append(DocumentGroup(id: id, projection: number, entries: [entry]))
                }
            }
        }
        return groups
    }

    private func documentKey(
        _ projection: any Projection<Event>, for entry: Entry, batch: inout Batch
    ) async throws(ProjectionFailure) -> String? {
        switch projection.partition.rule {
        case .byStream(let key):
            return key(entry.event.streamID)
        case .byFirstEvent(let key):
            if entry.event.version == 1 {
                firstEvents[entry.event.streamID] = entry.event
                return key(entry.event)
            }
            return key(try await firstEvent(of: entry, batch: &batch))
        }
    }

    private func firstEvent(of entry: Entry, batch: inout Batch) async throws(ProjectionFailure) -> RecordedEvent<Event> {
        let streamID = entry.event.streamID
        if let cached = firstEvents[streamID] { return cached }
        do {
            guard let stored = try await eventStore.events(streamID: streamID, after: 0, upTo: 1, limit: 1).first else {
                throw ProjectionFailure(entry.index, "stream \(streamID) has no event 1 in the event store")
            }
            batch.outcome.eventsRead += 1
            let first = try serializer.recorded(stored)
            firstEvents[streamID] = first
            return first
        } catch let failure as ProjectionFailure {
            throw failure
        } catch {
            throw ProjectionFailure(entry.index, "reading the first event of stream \(streamID): \(error)")
        }
    }

    // MARK: Folding

    /// A document read and folded: what was read, what to write, and how many events that applies.
    struct Fold: Sendable {
        var read: StoredDocument?
        var document: StoredDocument?
        var applied: Int
    }

    /// Reads the group's document and folds into it the group's events before `limit`.
    private func fold(_ group: DocumentGroup, before limit: Int, batch: inout Batch) async throws(ProjectionFailure) -> Fold {
        let start = group.entries.first?.index ?? 0
        let stored: StoredDocument?
        do {
            stored = try await readModels.document(group.id)
        } catch {
            throw ProjectionFailure(start, "reading \(group.id): \(error)")
        }
        return try await fold(group, into: stored, before: limit, batch: &batch)
    }

    private func fold(
        _ group: DocumentGroup, into stored: StoredDocument?, before limit: Int, batch: inout Batch
    ) async throws(ProjectionFailure) -> Fold {
        try await apply(projections[group.projection], group, into: stored, before: limit, batch: &batch)
    }

    private func apply<P: Projection>(
        _ projection: P, _ group: DocumentGroup, into stored: StoredDocument?, before limit: Int, batch: inout Batch
    ) async throws(ProjectionFailure) -> Fold where P.Event == Event {
        let start = group.entries.first?.index ?? 0
        var document: P.Document?
        if let stored {
            do {
                document = try JSONValueDecoder().decode(P.Document.self, from: stored.body)
            } catch {
                throw ProjectionFailure(start, "the stored \(group.id) cannot be read: \(error)")
            }
        }
        var versions = stored?.versions ?? [:]
        var applied = 0
        // Streams in order of their first record; each stream's events in version order.
        var streams: [String] = []
        var byStream: [String: [Entry]] = [:]
        for entry in group.entries where entry.index < limit {
            if byStream[entry.event.streamID] == nil { streams.append(entry.event.streamID) }
            byStream[entry.event.streamID, default: []].append(entry)
        }
        for streamID in streams {
            var done = versions[streamID] ?? 0
            let pending = byStream[streamID]!.filter { $0.event.version > done }.sorted { $0.event.version < $1.event.version }
            guard let first = pending.first else { continue }
            var sequence = try await missing(streamID, after: done, before: first, batch: &batch)
            sequence += pending
            for entry in sequence where entry.event.version > done {
                guard entry.event.version == done + 1 else {
                    throw ProjectionFailure(entry.index, "event \(entry.event.version) of stream \(streamID) does not follow version \(done) in \(group.id)")
                }
                do {
                    document = try projection.apply(entry.event, to: document)
                } catch {
                    throw ProjectionFailure(entry.index, "event \(entry.event.version) of stream \(streamID) cannot be applied to \(group.id): \(error)")
                }
                done = entry.event.version
                applied += 1
            }
            versions[streamID] = done
        }
        guard applied > 0, let document else { return Fold(read: stored, document: nil, applied: 0) }
        let body: JSON
        do {
            body = try JSONValueEncoder().encode(document)
        } catch {
            throw ProjectionFailure(start, "\(group.id) cannot be encoded: \(error)")
        }
        let revision = stored?.revision ?? 0
        return Fold(read: stored, document: StoredDocument(id: group.id, body: body, versions: versions, revision: revision + 1), applied: applied)
    }

    /// The events of `streamID` after `done` and before the batch's first pending one, from the event store (once
    /// per batch: what was read for one document serves the next).
    private func missing(
        _ streamID: String, after done: Int64, before first: Entry, batch: inout Batch
    ) async throws(ProjectionFailure) -> [Entry] {
        guard first.event.version > done + 1 else { return [] }
        let needed = (done + 1)..<first.event.version
        if !needed.allSatisfy({ batch.fetched[streamID]?[$0] != nil }) {
            let stored: [StoredEvent]
            do {
                stored = try await eventStore.events(streamID: streamID, after: done, upTo: first.event.version - 1, limit: nil)
            } catch {
                throw ProjectionFailure(first.index, "filling the gap before event \(first.event.version) of stream \(streamID): \(error)")
            }
            batch.outcome.eventsRead += stored.count
            for event in stored {
                do {
                    batch.fetched[streamID, default: [:]][event.version] = try serializer.recorded(event)
                } catch {
                    throw ProjectionFailure(first.index, "event \(event.version) of stream \(streamID) cannot be read: \(error)")
                }
            }
        }
        // A filled event takes the place of the first pending record: a failure there is reported at it.
        let filled = needed.compactMap { batch.fetched[streamID]?[$0] }.map { Entry(index: first.index, event: $0) }
        guard filled.count == needed.count else {
            throw ProjectionFailure(first.index, "events \(done + 1)…\(first.event.version - 1) of stream \(streamID) are not all in the event store")
        }
        return filled
    }

    // MARK: Writing

    /// Writes a folded document; on a conflict, reads it again, folds again and retries.
    private func write(_ group: DocumentGroup, first: Fold, before limit: Int, batch: inout Batch) async throws(ProjectionFailure) {
        let start = group.entries.first?.index ?? 0
        var fold = first
        for attempt in 1...maxAttempts {
            guard let document = fold.document else { return }
            do {
                try await readModels.write(document, expectedRevision: fold.read?.revision ?? 0)
                batch.outcome.documentsWritten += 1
                batch.outcome.applied += fold.applied
                return
            } catch .conflict where attempt < maxAttempts {
                fold = try await self.fold(group, before: limit, batch: &batch)
            } catch {
                throw ProjectionFailure(start, "writing \(group.id): \(error)")
            }
        }
    }
}

extension Projector.Batch {
    /// The index of the first record not to apply: the failure's, else past the end.
    var limit: Int { outcome.failure?.index ?? .max }
}

/// Why a record failed, and which.
struct ProjectionFailure: Error {
    var index: Int
    var reason: String

    init(_ index: Int, _ reason: String) {
        self.index = index
        self.reason = reason
    }
}

/// The first event of each stream seen, kept for as long as the process lives: a stream's first event never
/// changes, so documents keyed by it (an owner's list) need no read to find their key after the first time.
final class FirstEventCache<Event: Sendable>: Sendable {
    private let events = Mutex<[String: RecordedEvent<Event>]>([:])
    /// A bound on memory: past it, the cache starts over.
    private let capacity = 10_000

    subscript(streamID: String) -> RecordedEvent<Event>? {
        get { events.withLock { $0[streamID] } }
        set {
            events.withLock { events in
                if events.count >= capacity { events.removeAll(keepingCapacity: true) }
                events[streamID] = newValue
            }
        }
    }
}
