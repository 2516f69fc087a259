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
/// - Each read model is written in every generation its pointer lists as written (`ProjectorTargets.writing`, the
///   default), so that a rebuild's generation is kept up to date while it is filled; a rebuild's own projector
///   writes its one generation (`ProjectorTargets.generation`).
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
    /// The generations of each read model it writes.
    public let targets: ProjectorTargets
    let firstEvents = FirstEventCache<Event>()

    /// A projector of `projections`, writing the generations `targets` says (nil: every generation each read model
    /// is written in, its pointer read from `readModels` at most `ReadModelGenerations.defaultMaximumStaleness` ago).
    public init(
        serializer: EventSerializer<Event>, eventStore: any EventStore, readModels: any ReadModelStore, projections: [any Projection<Event>],
        targets: ProjectorTargets? = nil
    ) {
        self.serializer = serializer
        self.eventStore = eventStore
        self.readModels = readModels
        self.projections = projections
        self.targets = targets ?? .writing(ReadModelGenerations(store: readModels))
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

    /// A document of the batch, folded (nil: nothing to write, or its fold failed) as far as `limit`.
    struct FoldedGroup: Sendable {
        var group: DocumentGroup
        var fold: Fold?
        var limit: Int?
    }

    /// Applies `records`, oldest first.
    public func project(_ records: [ProjectorRecord]) async -> ProjectorOutcome {
        var (batch, folded) = await fold(records)
        for item in folded {
            guard let first = item.fold, let start = item.group.entries.first?.index, start < batch.limit else { continue }
            do {
                try await write(item.group, first: first, before: batch.limit, batch: &batch)
            } catch {
                batch.outcome.fail(at: error.index, error.reason)
                break
            }
        }
        return batch.outcome
    }

    /// Reads, routes and folds `records` without writing: each document to write, and the batch's outcome so far
    /// (its failure, what it skipped, what it read).
    func fold(_ records: [ProjectorRecord]) async -> (Batch, [FoldedGroup]) {
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
        var folded = groups.map { FoldedGroup(group: $0) }
        var settled = false
        while !settled {
            settled = true
            for (number, item) in folded.enumerated() {
                let (group, fold, limit) = (item.group, item.fold, item.limit)
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
        return (batch, folded)
    }
}

extension Projector.Batch {
    /// The index of the first record not to apply: the failure's, else past the end.
    var limit: Int { outcome.failure?.index ?? .max }
}

/// Which generations of its read models a projector writes.
public enum ProjectorTargets: Sendable {
    /// Every generation each read model's pointer lists as written: what the live projector does.
    case writing(ReadModelGenerations)
    /// One generation of every read model: what a rebuild does.
    case generation(Int)
}
