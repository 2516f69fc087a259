import EventSourcing
import EventSourcingTesting
import Testing

/// An event store that hides lost races: a conflicting append reports success and writes nothing.
private struct ForgetfulEventStore: EventStore {
    let base = InMemoryEventStore()

    func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError) {
        do {
            try await base.append(events, expectedVersion: expectedVersion, idempotency: idempotency)
        } catch .versionConflict {
            return
        }
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

/// A read-model store whose writes are unconditional.
private struct CarelessReadModelStore: ReadModelStore {
    let base = InMemoryReadModelStore()

    func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument? { try await base.document(id) }

    func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        let current = try await base.document(document.id)?.revision ?? 0
        try await base.write(document, expectedRevision: current)
    }

    func write(_ writes: [DocumentWrite]) async throws(ReadModelError) {
        for write in writes { try await self.write(write.document, expectedRevision: write.expectedRevision) }
    }
}

@Suite("The conformance suites catch stores that break the contract")
struct ConformanceSuiteTests {
    @Test("an event store that hides conflicts fails the conflict check, naming it, and still passes the plain append-and-read check")
    func forgetfulStore() async {
        var failed: [String] = []
        for check in EventStoreConformance.checks {
            do { try await check.run { ForgetfulEventStore() } } catch { failed.append(check.name) }
        }
        #expect(failed.contains("an append at a stale expected version is a conflict and writes nothing"))
        #expect(!failed.contains("events append and read back in order, with their metadata"))
    }

    @Test("a read-model store with unconditional writes fails the conditional-write check")
    func carelessStore() async {
        var failed: [String] = []
        for check in ReadModelStoreConformance.checks {
            do { try await check.run { CarelessReadModelStore() } } catch { failed.append(check.name) }
        }
        #expect(failed.contains("a document is created once, then written only at the revision it was read at"))
        #expect(failed.contains("several documents are written atomically: one stale revision writes none of them"))
        #expect(!failed.contains("the same key in two read models (or two generations of one) is two documents, whatever characters it holds"))
    }
}
