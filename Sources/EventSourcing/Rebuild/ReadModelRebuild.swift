/// Rebuilds a read model from the whole event store, beyond the 24 hours a change stream keeps: every stream's
/// events, read by a parallel scan and folded by the same `Projector` the live path runs, into a fresh generation
/// (`GenerationPointer`), which `ReadModelGenerations.switchTo(_:of:)` then makes current.
///
/// - **Exact while the live projector runs.** The rebuild first adds its generation to `writing`, then waits
///   `settle` (at least the projectors' `maximumStaleness`) before it reads anything: from then on every live batch
///   writes the new generation too. An event appended before the scan passes its stream is read by the scan; one
///   appended after is in a live batch that starts later, which writes it (filling the stream's earlier events from
///   the event store if the scan has not written them yet). The per-stream versions each document keeps make every
///   event land once whichever comes first.
/// - **Resumable.** After each round of pages (one per segment, in parallel), the segments' cursors are written to
///   the pointer, after the documents. A rebuild killed at any point and run again resumes from there; pages read
///   again are duplicates, no-ops.
/// - **Bounded.** Every read it makes (the scan, the documents, the events it reads to fill a gap) is paced by
///   `readBudget`, in read units computed from the items' sizes.
public struct ReadModelRebuild<Event: Sendable>: Sendable {
    /// The read model to rebuild.
    public let projection: any Projection<Event>
    /// How stored events become the domain's events.
    public let serializer: EventSerializer<Event>
    /// Where the events are.
    public let eventStore: any ScannableEventStore
    /// The read model's generations, and the store its documents are in.
    public let generations: ReadModelGenerations
    /// Segments of the scan, read in parallel (a rebuild already begun keeps the count it began with).
    public var segments = 4
    /// Items per scan page.
    public var pageSize = 1_000
    /// The read units per second the rebuild may spend; nil: as fast as the stores answer.
    public var readBudget: CapacityBudget?
    /// How long to wait, once the generation is added, before reading: the projectors' pointer cache lifetime
    /// and a second of margin, by default.
    public var settle: Duration

    /// A rebuild of `projection` from `eventStore` into a new generation of its documents in `generations.store`.
    public init(projection: any Projection<Event>, serializer: EventSerializer<Event>, eventStore: any ScannableEventStore, generations: ReadModelGenerations) {
        self.projection = projection
        self.serializer = serializer
        self.eventStore = eventStore
        self.generations = generations
        self.settle = ReadModelGenerations.defaultMaximumStaleness + .seconds(1)
    }

    /// Begins the rebuild, or resumes the one in progress, and runs it to its end, calling `progress` after each
    /// round of pages. It does not switch readers over: that is `ReadModelGenerations.switchTo(_:of:)`, once the
    /// result has been looked at (or at once). A fold that fails stops it with `projection`: fix, deploy, run again.
    public func run(progress: @Sendable (RebuildProgress) -> Void = { _ in }) async throws(GenerationError) -> RebuildProgress {
        let name = type(of: projection).name
        do {
            try ReadModelGenerations.checkName(name)
        } catch {
            throw .readModels(error)
        }
        let target = try await generations.change(name) { (pointer) throws(GenerationError) in try pointer.beginRebuild(segments: segments) }.target
        var run = try await Run(rebuild: self, name: name, target: target)
        if !run.isComplete {
            do {
                try await Task.sleep(for: settle)
            } catch {
                throw .cancelled
            }
        }
        while !run.isComplete {
            if Task.isCancelled { throw .cancelled }
            try await run.round()
            progress(run.progress)
        }
        return run.progress
    }
}

extension ReadModelRebuild {
    /// One run of a rebuild: its checkpoints as written, what this run has read, and the projector it folds with.
    struct Run {
        let rebuild: ReadModelRebuild
        let name: String
        let target: Int
        var pointer: GenerationPointer
        var revision: Int64
        let documents: MeteredReadModelStore
        let events: MeteredEventStore
        let projector: Projector<Event>
        let estimatedItems: Int?
        let started = ContinuousClock.now
        var scanned = Capacity()
        var itemsThisRun = 0
        var eventsThisRun = 0
        /// Per segment, the read units its last page cost: the estimate spent before its next one.
        var lastPageUnits: [Int: Double] = [:]

        init(rebuild: ReadModelRebuild, name: String, target: Int) async throws(GenerationError) {
            self.rebuild = rebuild
            self.name = name
            self.target = target
            do {
                (pointer, revision) = try await rebuild.generations.stored(name)
            } catch {
                throw .readModels(error)
            }
            guard pointer.rebuild?.target == target else { throw .changed(name) }
            documents = MeteredReadModelStore(rebuild.generations.store, budget: rebuild.readBudget)
            events = MeteredEventStore(rebuild.eventStore, budget: rebuild.readBudget)
            projector = Projector(
                serializer: rebuild.serializer, eventStore: events, readModels: documents, projections: [rebuild.projection], targets: .generation(target))
            estimatedItems = try? await rebuild.eventStore.approximateItemCount()
        }

        var checkpoints: [GenerationPointer.SegmentCheckpoint] { pointer.rebuild?.segments ?? [] }
        var isComplete: Bool { pointer.rebuild?.isComplete ?? true }

        /// Reads one page of every segment not yet done, in parallel, then writes their checkpoints; the first
        /// failure is thrown once the other segments' progress is kept.
        mutating func round() async throws(GenerationError) {
            let active = checkpoints.indices.filter { !checkpoints[$0].finished }
            let steps = await withTaskGroup(of: (Int, Result<Step, GenerationError>).self) { [self] group in
                for segment in active {
                    group.addTask { (segment, await self.step(segment)) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            var failure: GenerationError?
            var updated = checkpoints
            for (segment, result) in steps.sorted(by: { $0.0 < $1.0 }) {
                switch result {
                case .success(let step):
                    updated[segment] = step.checkpoint
                    scanned.readUnits += step.readUnits
                    lastPageUnits[segment] = step.readUnits
                    itemsThisRun += step.items
                    eventsThisRun += step.events
                case .failure(let error):
                    failure = failure ?? error
                }
            }
            try await save(updated)
            if let failure { throw failure }
        }

        /// What one page of a segment did.
        struct Step: Sendable {
            var checkpoint: GenerationPointer.SegmentCheckpoint
            var readUnits: Double
            var items: Int
            var events: Int
        }

        /// Reads the next page of `segment` within the budget and folds its events into the target generation.
        func step(_ segment: Int) async -> Result<Step, GenerationError> {
            var checkpoint = checkpoints[segment]
            let estimate = lastPageUnits[segment] ?? ItemSize.readUnits(bytes: 0)
            do {
                try await rebuild.readBudget?.spend(estimate)
            } catch {
                return .failure(.cancelled)
            }
            let page: EventScanPage
            do {
                page = try await rebuild.eventStore.scan(segment: segment, of: checkpoints.count, after: checkpoint.cursor, limit: rebuild.pageSize)
            } catch {
                return .failure(.events(error))
            }
            let units = ItemSize.readUnits(bytes: page.bytesRead)
            rebuild.readBudget?.adjust(by: units - estimate)
            let outcome = await projector.project(page.events.map(ProjectorRecord.event))
            if let failure = outcome.failure {
                return .failure(.projection("rebuilding \(GenerationPointer.storedName(name, generation: target)): \(failure.reason)"))
            }
            for event in page.events where event.streamID != checkpoint.lastStream {
                checkpoint.streams += 1
                checkpoint.lastStream = event.streamID
            }
            checkpoint.cursor = page.cursor
            checkpoint.finished = page.cursor == nil
            checkpoint.items += page.itemsRead
            checkpoint.events += page.events.count
            return .success(Step(checkpoint: checkpoint, readUnits: units, items: page.itemsRead, events: page.events.count))
        }

        /// Writes the checkpoints into the pointer, on the revision this run last wrote; if someone else changed
        /// it meanwhile (a switch to another generation, say), on the fresh one, as long as the rebuild is still
        /// this one.
        mutating func save(_ updated: [GenerationPointer.SegmentCheckpoint]) async throws(GenerationError) {
            for attempt in 1...3 {
                pointer.rebuild?.segments = updated
                do {
                    try await rebuild.generations.write(pointer, of: name, at: revision)
                    revision += 1
                    return
                } catch .changed where attempt < 3 {
                    do {
                        (pointer, revision) = try await rebuild.generations.stored(name)
                    } catch {
                        throw .readModels(error)
                    }
                    guard pointer.rebuild?.target == target else {
                        throw .invalid("the rebuild of \(GenerationPointer.storedName(name, generation: target)) was abandoned meanwhile")
                    }
                }
            }
        }

        var progress: RebuildProgress {
            let documentsSpent = documents.spent, eventsSpent = events.spent
            var capacity = scanned
            capacity.readUnits += documentsSpent.readUnits + eventsSpent.readUnits
            capacity.writeUnits += documentsSpent.writeUnits
            return RebuildProgress(
                readModel: name, target: target, segments: checkpoints.count, segmentsDone: checkpoints.filter(\.finished).count,
                streams: checkpoints.reduce(0) { $0 + $1.streams }, events: checkpoints.reduce(0) { $0 + $1.events },
                items: checkpoints.reduce(0) { $0 + $1.items }, estimatedItems: estimatedItems, itemsThisRun: itemsThisRun,
                eventsThisRun: eventsThisRun, elapsed: started.duration(to: .now), capacity: capacity)
        }
    }
}
