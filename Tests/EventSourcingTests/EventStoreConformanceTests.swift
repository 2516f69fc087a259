import DynamoDB
import DynamoDBClient
import EventSourcing
import Foundation
import Testing

/// The `EventStore` contract, run against every store: the in-memory one must behave exactly like DynamoDB's.
@Suite("EventStore conformance")
struct EventStoreConformanceTests {
    @Test("events append and read back in order, with their metadata", arguments: StoreKind.available)
    func appendAndRead(kind: StoreKind) async throws {
        let store = try await kind.make()
        let context = EventMetadata(streamID: "s", version: 1, commandID: "cmd", correlationID: "corr", causationID: "cause")
        let first = StoredEvent(type: "Added", schemaVersion: 2, payload: ["amount": .n("5")], metadata: context)
        try await store.append([first], expectedVersion: 0, idempotency: nil)
        try await store.append([storedEvent("s", 2), storedEvent("s", 3, type: "Noted", schema: 1, payload: ["text": .s("hi")])], expectedVersion: 1, idempotency: nil)
        let slice = try await store.load(streamID: "s", upTo: nil) { _ in true }
        #expect(slice.events.map(\.version) == [1, 2, 3])
        #expect(slice.events[0].metadata.commandID == "cmd" && slice.events[0].metadata.correlationID == "corr")
        #expect(slice.events[0].metadata.causationID == "cause" && slice.events[0].metadata.eventID == context.eventID)
        #expect(abs(slice.events[0].metadata.timestamp.timeIntervalSince(context.timestamp)) < 0.002)
        #expect(slice.events[2].payload == ["text": .s("hi")])
        #expect(try await store.events(streamID: "s", after: 1, upTo: 2, limit: nil).map(\.version) == [2])
        #expect(try await store.events(streamID: "s", after: 0, upTo: nil, limit: 2).map(\.version) == [1, 2])
        #expect(try await store.load(streamID: "other", upTo: nil) { _ in true }.events.isEmpty)
    }

    @Test("an append at a stale expected version is a conflict and writes nothing", arguments: StoreKind.available)
    func versionConflict(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.append([storedEvent("s", 1)], expectedVersion: 0, idempotency: nil)
        await #expect(throws: EventStoreError.versionConflict(streamID: "s", expected: 0)) {
            try await store.append([storedEvent("s", 1, payload: ["amount": .n("9")])], expectedVersion: 0, idempotency: nil)
        }
        // A multi-event append whose first version is taken writes none of its events.
        await #expect(throws: EventStoreError.versionConflict(streamID: "s", expected: 0)) {
            try await store.append([storedEvent("s", 1), storedEvent("s", 2)], expectedVersion: 0, idempotency: nil)
        }
        let slice = try await store.load(streamID: "s", upTo: nil) { _ in true }
        #expect(slice.events.map(\.version) == [1])
        #expect(slice.events[0].payload == ["amount": .n("1")])
    }

    @Test("appends that do not continue the stream are refused", arguments: StoreKind.available)
    func invalidSequences(kind: StoreKind) async throws {
        let store = try await kind.make()
        await #expect(throws: EventStoreError.self) { try await store.append([], expectedVersion: 0, idempotency: nil) }
        await #expect(throws: EventStoreError.self) { try await store.append([storedEvent("s", 2)], expectedVersion: 0, idempotency: nil) }
        await #expect(throws: EventStoreError.self) { try await store.append([storedEvent("s", 1), storedEvent("t", 2)], expectedVersion: 0, idempotency: nil) }
        await #expect(throws: EventStoreError.self) { try await store.append([storedEvent("s", 0)], expectedVersion: -1, idempotency: nil) }
    }

    @Test("an oversized event, or batch, fails naming the limit, and nothing is written", arguments: StoreKind.available)
    func sizeLimits(kind: StoreKind) async throws {
        let store = try await kind.make()
        let big = storedEvent("s", 2, type: "Noted", schema: 1, payload: ["text": .s(String(repeating: "x", count: 410_000))])
        do {
            try await store.append([storedEvent("s", 1), big], expectedVersion: 0, idempotency: nil)
            Issue.record("an oversized event was appended")
        } catch {
            guard case .tooLarge(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("400 KB"))
        }
        let many = (1...101).map { storedEvent("s", Int64($0)) }
        await #expect(throws: EventStoreError.self) { try await store.append(many, expectedVersion: 0, idempotency: nil) }
        let heavy = (1...11).map { storedEvent("s", Int64($0), type: "Noted", schema: 1, payload: ["text": .s(String(repeating: "y", count: 390_000))]) }
        do {
            try await store.append(heavy, expectedVersion: 0, idempotency: nil)
            Issue.record("a 4 MB batch was appended")
        } catch {
            guard case .tooLarge(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("4 MB"))
        }
        #expect(try await store.load(streamID: "s", upTo: nil) { _ in true }.events.isEmpty)
    }

    @Test("an idempotency record is written with the events; a second use of its key is refused with the record", arguments: StoreKind.available)
    func idempotencyRecords(kind: StoreKind) async throws {
        let store = try await kind.make()
        let record = IdempotencyRecord(key: "owner#k1", requestHash: "h", result: ["version": .n("1")], expiresAt: 1_900_000_000)
        try await store.append([storedEvent("s", 1)], expectedVersion: 0, idempotency: record)
        #expect(try await store.idempotencyRecord(key: "owner#k1") == record)
        #expect(try await store.idempotencyRecord(key: "owner#k2") == nil)
        await #expect(throws: EventStoreError.idempotencyKeyExists(record)) {
            try await store.append([storedEvent("s", 2)], expectedVersion: 1, idempotency: IdempotencyRecord(key: "owner#k1", requestHash: "other", result: [:], expiresAt: 1))
        }
        #expect(try await store.load(streamID: "s", upTo: nil) { _ in true }.events.map(\.version) == [1])
    }

    @Test("a record kept alone takes its key once; the second gets the first record and nothing is appended", arguments: StoreKind.available)
    func idempotencyRecordAlone(kind: StoreKind) async throws {
        let store = try await kind.make()
        let rejection = IdempotencyRecord(key: "k-alone", requestHash: "h", result: ["outcome": .s("rejected")], expiresAt: 1_900_000_000)
        try await store.saveIdempotencyRecord(rejection)
        #expect(try await store.idempotencyRecord(key: "k-alone") == rejection)
        await #expect(throws: EventStoreError.idempotencyKeyExists(rejection)) {
            try await store.saveIdempotencyRecord(IdempotencyRecord(key: "k-alone", requestHash: "other", result: [:], expiresAt: 1))
        }
        // A command's append under a kept key is refused the same way, and appends nothing.
        await #expect(throws: EventStoreError.idempotencyKeyExists(rejection)) {
            try await store.append([storedEvent("s", 1)], expectedVersion: 0, idempotency: IdempotencyRecord(key: "k-alone", requestHash: "h", result: [:], expiresAt: 1))
        }
        #expect(try await store.load(streamID: "s", upTo: nil) { _ in true }.events.isEmpty)
    }

    @Test("a load starts from the newest accepted snapshot and reads nothing before it", arguments: StoreKind.available)
    func snapshots(kind: StoreKind) async throws {
        let store = try await kind.make(pageSize: 4)
        for version in 1...10 { try await store.append([storedEvent("s", Int64(version))], expectedVersion: Int64(version - 1), idempotency: nil) }
        try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 4, schemaVersion: 1, state: ["total": .n("4")]))
        try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 8, schemaVersion: 0, state: ["old": .bool(true)]))
        let current = try await store.load(streamID: "s", upTo: nil) { $0.schemaVersion == 1 }
        #expect(current.snapshot?.version == 4)
        #expect(current.events.map(\.version) == Array(5...10))
        let any = try await store.load(streamID: "s", upTo: nil) { _ in true }
        #expect(any.snapshot?.version == 8 && any.events.map(\.version) == [9, 10])
        let earlier = try await store.load(streamID: "s", upTo: 6) { $0.schemaVersion == 1 }
        #expect(earlier.snapshot?.version == 4 && earlier.events.map(\.version) == [5, 6])
        await #expect(throws: EventStoreError.self) {
            try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 11, schemaVersion: 1, state: [:]))
        }
    }
}
