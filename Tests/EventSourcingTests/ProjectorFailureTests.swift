import EventSourcing
@testable import EventSourcingTesting
import Synchronization
import Testing

/// The in-memory read-model store, with failures injected around it: a concurrent writer slipping in before the
/// first write of a document (`interfereOnce`), or a document that cannot be reached (`down`).
private final class InterferingReadModelStore: ReadModelStore {
    let base = InMemoryReadModelStore()
    private let interfereOnce: Mutex<DocumentID?>
    private let down: DocumentID?

    init(interfereOnce: DocumentID? = nil, down: DocumentID? = nil) {
        self.interfereOnce = Mutex(interfereOnce)
        self.down = down
    }

    func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument? {
        if id == down { throw .unavailable("injected") }
        return try await base.document(id)
    }

    func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        let interfere = interfereOnce.withLock { pending in
            defer { if pending == document.id { pending = nil } }
            return pending == document.id
        }
        if interfere {
            // Another projector writes the document meanwhile: this write must lose and be redone on what it wrote.
            try await base.write(StoredDocument(id: document.id, body: .object(["total": .number("100"), "entries": .number("1")]), versions: ["other": 1], revision: 0), expectedRevision: expectedRevision)
        }
        try await base.write(document, expectedRevision: expectedRevision)
    }

    func write(_ writes: [DocumentWrite]) async throws(ReadModelError) {
        try await base.write(writes)
    }
}

@Suite("The projector when writes fail")
struct ProjectorFailureTests {
    @Test("a write that loses to a concurrent writer is read again and re-applied, exactly once")
    func conflictIsRetried() async throws {
        let store = InterferingReadModelStore(interfereOnce: DocumentID(readModel: LedgerTotals.name, key: "a"))
        let world = LedgerWorld(readModels: store)
        let records = try await world.append("a", [.noted(Noted(text: "n")), .added(Added(amount: 10)), .added(Added(amount: 5))])
        let outcome = await world.projector().project(records)
        #expect(outcome.failure == nil && outcome.documentsWritten == 2)
        let total = try await store.base.read(LedgerTotals.self, key: "a")
        #expect(total?.document == .init(total: 115, entries: 3) && total?.versions == ["other": 1, "a": 3])
    }

    @Test("a store that stays down reports its document's first record; documents before it are written")
    func unavailableStore() async throws {
        let store = InterferingReadModelStore(down: DocumentID(readModel: LedgerTotals.name, key: "b"))
        let world = LedgerWorld(readModels: store)
        let a = try await world.append("a", [.added(Added(amount: 1))])
        let b = try await world.append("b", [.added(Added(amount: 2)), .added(Added(amount: 3))])
        let outcome = await world.projector().project([a[0], b[0], b[1]])
        #expect(outcome.failure?.index == 1 && outcome.failure?.reason.contains("unavailable") == true)
        #expect(try await store.base.read(LedgerTotals.self, key: "a")?.document.total == 1)
        #expect(try await store.base.read(LedgerTotals.self, key: "b") == nil)
    }
}
