import EventSourcing

/// What a rebuild runs on: an event store that scans, a read-model store, and how to list a read model's documents
/// in it (a scan of the table; the comparison item for item needs every document, not only the expected ones).
public struct RebuildStores: Sendable {
    /// The events.
    public var events: any ScannableEventStore
    /// The read models and their generation pointers.
    public var readModels: any ReadModelStore
    /// Every document stored under a read-model name (a generation's, `name#N`).
    public var documents: @Sendable (String) async throws -> [StoredDocument]

    /// Stores for one check.
    public init(events: any ScannableEventStore, readModels: any ReadModelStore, documents: @escaping @Sendable (String) async throws -> [StoredDocument]) {
        self.events = events
        self.readModels = readModels
        self.documents = documents
    }
}

/// A rebuild's guarantees as checks (`ReadModelRebuild`, `ReadModelGenerations`), run on any pair of stores:
/// the rebuilt generation equals a from-scratch projection of the same events, item for item; a rebuild stopped
/// anywhere resumes to the same result; events appended and projected live while it runs land in it exactly once.
public enum RebuildConformance {
    /// Every check.
    public static let checks: [ConformanceCheck<RebuildStores>] = [
        ConformanceCheck("after a fold bug is fixed, the rebuilt generation equals a from-scratch projection item for item; a switch makes it read, a switch back is a rollback") { make in
            let stores = try await make()
            let world = RebuildWorld(stores: stores)
            let records = try await world.appendLedgers()
            // The deployed fold had a bug: generation 1 counts every addition twice.
            let buggy = world.live([LedgerTotals(), DoubleCountingNotebook()])
            let outcome = await buggy.project(records)
            try expect(outcome.failure == nil, "the buggy projection failed: \(String(describing: outcome.failure))")
            let truth = try await world.fromScratch(NotebookTotals())
            let (buggyBook, trueBook) = (try await world.book("n1", generation: 1), try await truth.read(NotebookTotals.self, key: "n1"))
            try expect(buggyBook?.total == 2 * (trueBook?.document.total ?? 0), "the buggy generation 1 holds \(String(describing: buggyBook))")

            let rebuilt = try await world.rebuild(NotebookTotals()).run()
            try expect(rebuilt.isComplete && rebuilt.target == 2 && rebuilt.events == records.count, "the rebuild ended at \(rebuilt)")
            try await world.expectFromScratch(NotebookTotals(), generation: 2)
            let generations = world.generations
            try expect(try await generations.currentName(of: NotebookTotals.name) == "notebook", "the rebuild switched readers by itself")
            try await generations.switchTo(2, of: NotebookTotals.name)
            try expect(try await generations.currentName(of: NotebookTotals.name) == "notebook#2", "readers do not read generation 2 after the switch")
            let rebuiltBook = try await world.book("n1", generation: 2)
            try expect(rebuiltBook?.total == trueBook?.document.total, "generation 2 holds \(String(describing: rebuiltBook))")
            try await generations.switchTo(1, of: NotebookTotals.name)
            try expect(try await generations.pointer(of: NotebookTotals.name).current == 1, "the rollback to generation 1 did not happen")
            try await generations.switchTo(2, of: NotebookTotals.name)
            try await generations.retire(1, of: NotebookTotals.name)
            try expect(try await generations.pointer(of: NotebookTotals.name).writing == [2], "generation 1 is still written after its retirement")
            try await expectError("a switch back to the retired generation", matching: { if case .notWritten(1, _) = $0 { true } else { false } }) { () throws(GenerationError) in
                try await generations.switchTo(1, of: NotebookTotals.name)
            }
            // A read model partitioned by stream rebuilds just as well.
            _ = try await world.rebuild(LedgerTotals()).run()
            try await world.expectFromScratch(LedgerTotals(), generation: 2)
        },
        ConformanceCheck("a rebuild stopped after any round, or failing to write its checkpoint, resumes from its checkpoint to the same result") { make in
            for stop in 1...3 {
                let world = RebuildWorld(stores: try await make())
                let records = try await world.appendLedgers()
                let rebuild = world.rebuild(NotebookTotals())
                let task = Task {
                    try await rebuild.run { progress in
                        if progress.items > 0, progress.segmentsDone < progress.segments, progress.itemsThisRun >= stop * rebuild.pageSize {
                            withUnsafeCurrentTask { $0?.cancel() }
                        }
                    }
                }
                switch await task.result {
                case .success(let progress): throw ConformanceFailure("stopped after \(stop) pages, the rebuild ran to its end: \(progress)")
                case .failure(let error): try expect(error as? GenerationError == .cancelled, "the stopped rebuild threw \(error)")
                }
                let resumed = try await rebuild.run()
                try expect(resumed.target == 2 && resumed.itemsThisRun < resumed.items && resumed.events == records.count,
                           "stopped after \(stop) pages, the rerun did not resume: \(resumed)")
                try await world.expectFromScratch(NotebookTotals(), generation: 2)
            }
            // Killed between its documents and its checkpoint: the worst place. The rerun reads those pages again.
            let base = try await make()
            let failing = PointerWriteFailures(base.readModels, failWrite: 3)
            let world = RebuildWorld(stores: RebuildStores(events: base.events, readModels: failing, documents: base.documents))
            _ = try await world.appendLedgers()
            do {
                _ = try await world.rebuild(NotebookTotals()).run()
                throw ConformanceFailure("the rebuild did not fail at its checkpoint")
            } catch let error as GenerationError {
                try expect(error.description.contains("injected"), "the rebuild failed with \(error)")
            }
            let resumed = try await world.rebuild(NotebookTotals()).run()
            try expect(resumed.target == 2 && resumed.isComplete, "the rerun ended at \(resumed)")
            try await world.expectFromScratch(NotebookTotals(), generation: 2)
        },
        ConformanceCheck("events appended and projected live while a rebuild runs are in the rebuilt generation exactly once, after the switch too") { make in
            let base = try await make()
            let appending = AppendingDuringScan(base.events)
            let world = RebuildWorld(stores: RebuildStores(events: appending, readModels: base.readModels, documents: base.documents))
            let records = try await world.appendLedgers()
            // The live projector caches pointers for 0.3 s, warmed before the rebuild begins; the rebuild waits 0.4 s.
            let live = world.live([LedgerTotals(), NotebookTotals()], staleness: .milliseconds(300))
            _ = await live.project(records)
            var rebuild = world.rebuild(NotebookTotals())
            rebuild.settle = .milliseconds(400)
            appending.onScan = { call in
                guard call == 2 || call == 5 else { return [] }
                // Streams the scan has passed, streams it has not reached, and a new one.
                var added: [ProjectorRecord] = []
                for (stream, amount) in [("l1", 100 * call), ("l8", 7 * call), ("new-\(call)", 1_000)] {
                    let history: [LedgerEvent] = stream.hasPrefix("new") ? [.noted(Noted(text: "n2")), .added(Added(amount: amount))] : [.added(Added(amount: amount))]
                    added += try await world.append(stream, history)
                }
                let outcome = await live.project(added)
                try expect(outcome.failure == nil, "the live projector failed: \(String(describing: outcome.failure))")
                return added
            }
            let rebuilt = try await rebuild.run()
            try expect(appending.appended == 8 && rebuilt.isComplete, "appended \(appending.appended) events during \(rebuilt)")
            try await world.generations.switchTo(2, of: NotebookTotals.name)
            try await world.expectFromScratch(NotebookTotals(), generation: 2)
            try await world.expectFromScratch(NotebookTotals(), generation: 1)
            // After the switch the live projector keeps generation 2 going, exactly.
            let later = try await world.append("l8", [.added(Added(amount: 5))]) + world.append("new-2", [.added(Added(amount: 6))])
            _ = await live.project(later)
            _ = await live.project(later)
            try await world.expectFromScratch(NotebookTotals(), generation: 2)
        },
    ]
}
