/// A catch-up subscription: read models fed from the global feed, from position 0 (or where it stopped) to the head,
/// then following it. Each page's documents and the subscription's checkpoint (a document of the read model
/// `_subscriptions`, under its name) are written in one atomic write (`ReadModelStore.write(_:)`), so that a page is
/// applied exactly once however the subscription is stopped and restarted, or however many instances run.
///
/// It folds with the same `Projector` as the live path, into every generation written, and its documents keep the
/// per-stream versions the live projector keeps: a read model back-filled this way can be handed to the live
/// projector afterwards, which carries on exactly where the subscription stopped.
public struct FeedSubscription<Event: Sendable>: Sendable {
    /// The read model the checkpoints are documents of.
    public static var checkpointReadModel: String { "_subscriptions" }

    /// The subscription's name: its checkpoint's key.
    public let name: String
    /// The feed it reads.
    public let feed: EventFeed
    /// How it folds.
    public let projector: Projector<Event>
    /// Events read per page (fewer when a page would reach more than 99 documents, one atomic write's limit).
    public var pageSize = 100
    /// How long `follow` waits when there is nothing new.
    public var pollInterval = Duration.milliseconds(500)
    /// The read units per second it may spend (the feed, its events, the documents); nil: no limit.
    public let readBudget: CapacityBudget?
    /// The documents, metered.
    private let documents: MeteredReadModelStore
    /// The feed's reads, metered.
    private let feedReads = FeedReadMeter()

    /// A subscription `name` of `projections` to `feed`, its documents and checkpoint in `readModels`, its reads
    /// within `readBudget`.
    public init(
        name: String, feed: EventFeed, serializer: EventSerializer<Event>, readModels: any ReadModelStore, projections: [any Projection<Event>],
        readBudget: CapacityBudget? = nil
    ) {
        self.name = name
        self.feed = feed
        self.readBudget = readBudget
        documents = MeteredReadModelStore(readModels, budget: readBudget)
        projector = Projector(
            serializer: serializer, eventStore: feed.eventStore, readModels: documents, projections: projections,
            targets: .writing(ReadModelGenerations(store: readModels)))
    }

    /// The capacity this subscription has spent so far, computed from the sizes of what it read and wrote.
    public var capacity: Capacity {
        var spent = documents.spent
        spent.readUnits += feedReads.units
        return spent
    }

    private var checkpointID: DocumentID { DocumentID(readModel: Self.checkpointReadModel, key: name) }

    /// The next position the subscription reads (0 before its first page).
    public func position() async throws(FeedError) -> Int64 {
        try await checkpoint().position
    }

    /// Applies pages until it has read everything there is, calling `progress` after each; returns where it got.
    public func catchUp(progress: @Sendable (SubscriptionProgress) -> Void = { _ in }) async throws(FeedError) -> SubscriptionProgress {
        let started = ContinuousClock.now
        var report = SubscriptionProgress(name: name, position: try await position(), head: try await feed.store.head(), eventsThisRun: 0, elapsed: .zero, capacity: capacity)
        var limit = pageSize
        var conflicts = 0
        while true {
            if Task.isCancelled { throw .cancelled }
            switch try await step(limit: limit) {
            case .applied(let count, let position):
                report.eventsThisRun += count
                report.position = position
                if let head = report.head, position > head { report.head = position }
                report.elapsed = started.duration(to: .now)
                report.capacity = capacity
                progress(report)
                conflicts = 0
                limit = min(pageSize, limit * 2)
            case .caughtUp:
                report.elapsed = started.duration(to: .now)
                report.capacity = capacity
                return report
            case .tooMany:
                guard limit > 1 else { throw .invalid("one event reaches more documents than one atomic write holds (\(ReadModelItemLayout.maxAtomicDocuments - 1))") }
                limit /= 2
            case .conflict:
                // Another writer (the live projector, another instance) got there first: read again.
                conflicts += 1
                guard conflicts < 10 else { throw .readModels(.conflict(checkpointID)) }
            }
        }
    }

    /// Catches up, then follows the feed (polling every `pollInterval` when there is nothing new) until the task is
    /// cancelled, which ends it with `cancelled`.
    public func follow(progress: @Sendable (SubscriptionProgress) -> Void = { _ in }) async throws(FeedError) {
        while true {
            _ = try await catchUp(progress: progress)
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                throw .cancelled
            }
        }
    }

    /// What one page did.
    enum Step {
        case applied(Int, position: Int64)
        case caughtUp
        case tooMany
        case conflict
    }

    /// Reads a page from the checkpoint, folds it, and writes its documents and the moved checkpoint atomically. An
    /// event that cannot be applied stops the subscription there, after what comes before it is written.
    func step(limit: Int) async throws(FeedError) -> Step {
        let (position, revision) = try await checkpoint()
        let estimate = feedReads.lastPage
        do {
            try await readBudget?.spend(estimate)
        } catch {
            throw .cancelled
        }
        let events = try await feed.read(from: position, limit: limit)
        readBudget?.adjust(by: feedReads.record(events) - estimate)
        guard !events.isEmpty else { return .caughtUp }
        let (batch, folded) = await projector.fold(events.map { .event($0.event) })
        let applied = min(events.count, batch.limit)
        var writes: [DocumentWrite] = folded.compactMap { item in
            guard let fold = item.fold, let document = fold.document, let first = item.group.entries.first?.index, first < batch.limit else { return nil }
            return DocumentWrite(document, expectedRevision: fold.read?.revision ?? 0)
        }
        let moved = position + Int64(applied)
        writes.append(DocumentWrite(StoredDocument(id: checkpointID, body: .object(["position": .number(String(moved))]), versions: [:], revision: 0), expectedRevision: revision))
        guard writes.count <= ReadModelItemLayout.maxAtomicDocuments else { return .tooMany }
        if applied > 0 {
            do {
                try await documents.write(writes)
            } catch .conflict {
                return .conflict
            } catch .tooLarge {
                return .tooMany
            } catch {
                throw .readModels(error)
            }
        }
        if let failure = batch.outcome.failure {
            throw .projection("the subscription \(name) stops at position \(position + Int64(failure.index)): \(failure.reason)")
        }
        return .applied(applied, position: moved)
    }

    /// The checkpoint: the next position and the revision to write it at.
    private func checkpoint() async throws(FeedError) -> (position: Int64, revision: Int64) {
        let stored: StoredDocument?
        do {
            stored = try await documents.document(checkpointID)
        } catch {
            throw .readModels(error)
        }
        guard let stored else { return (0, 0) }
        guard let position = stored.body.objectValue?["position"]?.int64Value, position >= 0 else {
            throw .readModels(.corrupt("the checkpoint \(checkpointID) holds no position"))
        }
        return (position, stored.revision)
    }
}
