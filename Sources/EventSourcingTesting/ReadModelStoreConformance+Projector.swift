import EventSourcing

/// Ledgers appended to an in-memory event store, with the records a change stream would deliver for them.
struct LedgerWorld: Sendable {
    let events = InMemoryEventStore()
    let readModels: any ReadModelStore

    /// A projector as a fresh process has it (nothing remembered).
    func projector() -> Projector<LedgerEvent> {
        Projector(serializer: LedgerEvent.serializer, eventStore: events, readModels: readModels, projections: [LedgerTotals(), NotebookTotals()])
    }

    /// Appends `history` to `stream` and returns one record per event.
    func append(_ stream: String, _ history: [LedgerEvent]) async throws -> [ProjectorRecord] {
        let start = try await events.load(streamID: stream, upTo: nil) { _ in false }.version
        let stored = try history.enumerated().map { offset, event in
            try LedgerEvent.serializer.serialize(event, metadata: EventMetadata(streamID: stream, version: start + Int64(offset) + 1))
        }
        try await events.append(stored, expectedVersion: start, idempotency: nil)
        return stored.map(ProjectorRecord.event)
    }

    func total(_ stream: String) async throws -> LedgerTotals.Total? {
        try await readModels.read(LedgerTotals.self, key: stream)?.document
    }

    func book(_ note: String) async throws -> NotebookTotals.Book? {
        try await readModels.read(NotebookTotals.self, key: note)?.document
    }
}

private func added(_ amount: Int) -> LedgerEvent { .added(Added(amount: amount)) }
private func noted(_ text: String) -> LedgerEvent { .noted(Noted(text: text)) }

extension ReadModelStoreConformance {
    static let projectorChecks: [ConformanceCheck<any ReadModelStore>] = [
        ConformanceCheck("the projector builds per-stream and cross-stream documents, one write per document") { make in
            let world = LedgerWorld(readModels: try await make())
            let a = try await world.append("a", [noted("book"), added(100), added(30)])
            let b = try await world.append("b", [noted("book"), added(5)])
            let outcome = await world.projector().project([a[0], b[0], a[1], b[1], a[2]])
            try expect(outcome.failure == nil && outcome.documentsWritten == 3 && outcome.applied == 10, "outcome \(outcome)")
            try expectEqual(try await world.total("a"), .init(total: 130, entries: 2), "a's total")
            try expectEqual(try await world.book("book"), .init(total: 135, streams: ["a", "b"]), "the book")
            try expectEqual(try await world.readModels.read(LedgerTotals.self, key: "a")?.version(of: "a"), 3, "the version applied to a's total")
        },
        ConformanceCheck("the same batch delivered twice is a no-op the second time") { make in
            let world = LedgerWorld(readModels: try await make())
            let records = try await world.append("a", [noted("n"), added(10)])
            _ = await world.projector().project(records)
            let again = await world.projector().project(records)
            try expect(again.failure == nil && again.applied == 0 && again.documentsWritten == 0, "the second delivery did \(again)")
            try expectEqual(try await world.total("a")?.total, 10, "a's total")
        },
        ConformanceCheck("batches out of order: the later fills the gap from the event store, the earlier is then a no-op") { make in
            let world = LedgerWorld(readModels: try await make())
            let first = try await world.append("a", [noted("n"), added(10)])
            let second = try await world.append("a", [added(5), added(3)])
            let late = await world.projector().project(second)
            try expect(late.failure == nil && late.eventsRead >= 2, "the late batch did \(late)")
            try expectEqual(try await world.total("a"), .init(total: 18, entries: 3), "a's total")
            let early = await world.projector().project(first)
            try expect(early.failure == nil && early.applied == 0, "the early batch did \(early)")
            try expectEqual(try await world.book("n")?.total, 18, "the book's total")
        },
        ConformanceCheck("a gap in the middle of a stream is filled from the event store before applying") { make in
            let world = LedgerWorld(readModels: try await make())
            let records = try await world.append("a", [noted("n"), added(1), added(2), added(4)])
            _ = await world.projector().project([records[0]])
            let outcome = await world.projector().project([records[3]])  // versions 2 and 3 never delivered
            // Read: event 1 (the notebook's key) and events 2–3 once, for both documents.
            try expect(outcome.failure == nil && outcome.eventsRead == 3, "outcome \(outcome)")
            try expectEqual(try await world.total("a")?.total, 7, "a's total")
        },
        ConformanceCheck("an unreadable record is the failure; records before it are applied, none after it") { make in
            let world = LedgerWorld(readModels: try await make())
            let a = try await world.append("a", [noted("n"), added(10)])
            let b = try await world.append("b", [noted("m")])
            let outcome = await world.projector().project([a[0], .unreadable("event item c/1 lacks a required attribute"), a[1], b[0]])
            try expect(outcome.failure?.index == 1, "the failure is \(String(describing: outcome.failure))")
            try expectEqual(try await world.total("a")?.entries, 0, "a's entries, before the failure")
            try expectEqual(try await world.readModels.read(LedgerTotals.self, key: "a")?.version(of: "a"), 1, "a's version, before the failure")
            try expectEqual(try await world.total("b"), nil, "b's total, after the failure")
        },
        ConformanceCheck("an event of an unknown type is the failure, naming the type") { make in
            let world = LedgerWorld(readModels: try await make())
            let stranger = StoredEvent(type: "Teleported", schemaVersion: 1, payload: [:], metadata: EventMetadata(streamID: "x", version: 1))
            let outcome = await world.projector().project([.event(stranger)])
            try expect(outcome.failure?.index == 0 && outcome.failure?.reason.contains("Teleported") == true, "the failure is \(String(describing: outcome.failure))")
        },
        ConformanceCheck("an event that cannot be applied cuts the batch there, in every document") { make in
            let world = LedgerWorld(readModels: try await make())
            let a = try await world.append("a", [noted("n"), added(1), added(2)])
            let b = try await world.append("b", [noted("m"), added(13)])
            // a's last event comes after b's poison: it must not be applied, though a's document is written first.
            let outcome = await world.projector().project([a[0], a[1], b[0], b[1], a[2]])
            try expect(outcome.failure?.index == 3 && outcome.failure?.reason.contains("13") == true, "the failure is \(String(describing: outcome.failure))")
            try expectEqual(try await world.total("a"), .init(total: 1, entries: 1), "a's total, cut at b's poison")
            try expectEqual(try await world.readModels.read(LedgerTotals.self, key: "b")?.version(of: "b"), 1, "b's version, before its poison")
        },
        ConformanceCheck("records that are not events are skipped with their reason") { make in
            let world = LedgerWorld(readModels: try await make())
            let outcome = await world.projector().project([.skip("TTL removal"), .skip("not an event (idempotency)")])
            try expect(outcome.failure == nil && outcome.skipped.map(\.index) == [0, 1] && outcome.skipped[0].reason == "TTL removal", "outcome \(outcome)")
        },
        ConformanceCheck("a document keyed by a stream's first event finds it in the event store when the batch lacks it") { make in
            let world = LedgerWorld(readModels: try await make())
            let records = try await world.append("a", [noted("n"), added(6)])
            _ = await world.projector().project([records[0]])
            let outcome = await world.projector().project([records[1]])
            try expect(outcome.failure == nil && outcome.eventsRead == 1, "outcome \(outcome)")
            try expectEqual(try await world.book("n")?.total, 6, "the book's total")
        },
        ConformanceCheck("four projectors applying the same batches at once apply each event exactly once") { make in
            let world = LedgerWorld(readModels: try await make())
            var records: [ProjectorRecord] = []
            for stream in ["a", "b", "c"] { records += try await world.append(stream, [noted("shared")] + (1...5).map(added)) }
            let batch = records
            let outcomes = await withTaskGroup(of: ProjectorOutcome.self) { group in
                for _ in 1...4 { group.addTask { await world.projector().project(batch) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            try expect(outcomes.allSatisfy { $0.failure == nil }, "a projector failed: \(outcomes.compactMap(\.failure))")
            try expectEqual(try await world.book("shared")?.total, 45, "the shared book's total")
            for stream in ["a", "b", "c"] {
                try expectEqual(try await world.total(stream), .init(total: 15, entries: 5), "\(stream)'s total")
            }
        },
    ]
}
