import DynamoDB
import DynamoDBClient
import EventSourcing
import Foundation
import Testing

/// Repository and dispatcher behaviour, on every store.
@Suite("Repository and CommandDispatcher")
struct DispatcherConformanceTests {
    @Test("8 concurrent dispatchers × 25 commands on one stream: versions 1…200, no lost update", arguments: StoreKind.available)
    func concurrentDispatchers(kind: StoreKind) async throws {
        let repository = try await kind.repository(snapshotInterval: 50)
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository, maxAttempts: 200)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 1...8 {
                group.addTask {
                    for _ in 1...25 { _ = try await dispatcher.dispatch(.add(worker), to: "shared") }
                }
            }
            try await group.waitForAll()
        }
        await repository.pendingSnapshots()
        let events = try await repository.store.events(streamID: "shared", after: 0, upTo: nil, limit: nil)
        #expect(events.map(\.version) == Array(1...200))
        let loaded = try await repository.load("shared")
        #expect(loaded.version == 200)
        #expect(loaded.state.total == 25 * (1...8).reduce(0, +))
        #expect(loaded.state.entries == 200)
    }

    @Test("a command's events are appended together, with its ids in their metadata", arguments: StoreKind.available)
    func multiEventCommand(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        let context = CommandContext(commandID: "c-1", correlationID: "r-1")
        let result = try await dispatcher.dispatch(.addWithNote(5, "first"), to: "l", context: context)
        #expect(result == CommandResult(streamID: "l", version: 2, events: ["Added", "Noted"]))
        let events = try await repository.store.events(streamID: "l", after: 0, upTo: nil, limit: nil)
        #expect(events.map(\.metadata.commandID) == ["c-1", "c-1"])
        #expect(events.map(\.metadata.correlationID) == ["r-1", "r-1"])
        let loaded = try await repository.load("l")
        #expect(loaded.state.total == 5 && loaded.state.notes == ["first"])
    }

    @Test("a domain error appends nothing and comes back typed", arguments: StoreKind.available)
    func rejection(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        _ = try await dispatcher.dispatch(.close, to: "l")
        do {
            _ = try await dispatcher.dispatch(.add(1), to: "l")
            Issue.record("a closed ledger took an addition")
        } catch {
            guard case .rejected(let failure, _) = error else { Issue.record("\(error)"); return }
            #expect(failure == .closed)
        }
        #expect(try await repository.load("l").version == 1)
    }

    @Test("an expected version runs the command only at that version, never re-run", arguments: StoreKind.available)
    func expectedVersion(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        _ = try await dispatcher.dispatch(.add(1), to: "l", expectedVersion: 0)
        do {
            _ = try await dispatcher.dispatch(.add(1), to: "l", expectedVersion: 0)
            Issue.record("ran at the wrong version")
        } catch {
            guard case .versionMismatch(let expected, let actual, _) = error else { Issue.record("\(error)"); return }
            #expect(expected == 0 && actual == 1)
        }
        #expect(try await dispatcher.dispatch(.add(1), to: "l", expectedVersion: 1).version == 2)
    }

    @Test("an idempotent retry returns the first result and appends nothing, also after a lost response", arguments: StoreKind.available)
    func idempotentRetry(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        let key = IdempotencyKey(scope: "ann", key: "k-1", request: Array("add 5 to l".utf8))
        let first = try await dispatcher.dispatch(.add(5), to: "l", idempotency: key)
        // The caller never saw `first` (a lost response); the state moves on; the retry still gets `first`.
        _ = try await dispatcher.dispatch(.add(100), to: "l")
        let retry = try await dispatcher.dispatch(.add(5), to: "l", idempotency: key)
        #expect(retry.replayed && !first.replayed)
        #expect(retry.version == first.version && retry.events == first.events)
        #expect(try await repository.load("l").state.total == 105)
        do {
            _ = try await dispatcher.dispatch(.add(6), to: "l", idempotency: IdempotencyKey(scope: "ann", key: "k-1", request: Array("add 6 to l".utf8)))
            Issue.record("the key was reused for another request")
        } catch {
            guard case .idempotencyKeyReused(let reused) = error else { Issue.record("\(error)"); return }
            #expect(reused == "k-1")
        }
    }

    @Test("the same idempotency key sent concurrently appends one set of events", arguments: StoreKind.available)
    func concurrentIdempotency(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository, maxAttempts: 50)
        let key = IdempotencyKey(scope: "ann", key: "same", request: Array("add 7 to l".utf8))
        let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
            for _ in 1...6 { group.addTask { try await dispatcher.dispatch(.add(7), to: "l", idempotency: key) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.version)) == [1])
        #expect(results.filter { !$0.replayed }.count == 1)
        #expect(try await repository.load("l").state.total == 7)
    }

    @Test("a rejection is the first answer under its key: a retry after the state changed gets it again, appending nothing", arguments: StoreKind.available)
    func rejectionIsKept(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        let key = IdempotencyKey(scope: "ann", key: "w-fail", request: Array("add 1 to l".utf8))
        _ = try await dispatcher.dispatch(.close, to: "l")
        await #expect(throws: DispatchError<LedgerError>.self) { try await dispatcher.dispatch(.add(1), to: "l", idempotency: key) }
        // A repeat gets the same rejection, marked replayed, and the store holds no new event.
        do {
            _ = try await dispatcher.dispatch(.add(1), to: "l", idempotency: key)
            Issue.record("the repeat was applied")
        } catch {
            guard case .rejected(let failure, let replayed) = error else { Issue.record("\(error)"); return }
            #expect(failure == .closed && replayed)
        }
        #expect(try await repository.load("l").version == 1)
    }

    @Test("a version mismatch is kept under its key as well", arguments: StoreKind.available)
    func versionMismatchIsKept(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        _ = try await dispatcher.dispatch(.add(1), to: "l")
        let key = IdempotencyKey(scope: "ann", key: "m", request: Array("add 2 at 0".utf8))
        for attempt in 1...2 {
            do {
                _ = try await dispatcher.dispatch(.add(2), to: "l", expectedVersion: 0, idempotency: key)
                Issue.record("ran at the wrong version")
            } catch {
                guard case .versionMismatch(0, 1, let replayed) = error else { Issue.record("\(error)"); return }
                #expect(replayed == (attempt == 2))
            }
        }
        #expect(try await repository.load("l").version == 1)
    }

    @Test("keys are scoped without collisions: (ann#x, y) is not (ann, x#y)", arguments: StoreKind.available)
    func scopedKeys(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
        let request = Array("add 1 to l".utf8)
        #expect(IdempotencyKey(scope: "ann", key: "x#y", request: request).storageKey != IdempotencyKey(scope: "ann#x", key: "y", request: request).storageKey)
        #expect(IdempotencyKey(scope: "ann", key: "1:x", request: request).storageKey != IdempotencyKey(scope: "ann1", key: ":x", request: request).storageKey)
        let first = try await dispatcher.dispatch(.add(1), to: "l", idempotency: IdempotencyKey(scope: "ann", key: "x#y", request: request))
        let second = try await dispatcher.dispatch(.add(1), to: "l", idempotency: IdempotencyKey(scope: "ann#x", key: "y", request: request))
        #expect(!first.replayed && !second.replayed && second.version == 2)
    }

    @Test("authorize runs before the expected version is compared, and its refusal is not kept", arguments: StoreKind.available)
    func authorizeFirst(kind: StoreKind) async throws {
        let repository = try await kind.repository()
        let dispatcher = CommandDispatcher(handler: GuardedLedgerHandler(), repository: repository)
        _ = try await dispatcher.dispatch(.add(1), to: "l")
        let key = IdempotencyKey(scope: "bob", key: "k", request: Array("guarded".utf8))
        do {
            _ = try await dispatcher.dispatch(.note("secret"), to: "l", expectedVersion: 5, idempotency: key)
            Issue.record("a refused command reached the version check")
        } catch {
            guard case .rejected(.notPositive, false) = error else { Issue.record("expected the refusal, got \(error)"); return }
        }
        #expect(try await repository.store.idempotencyRecord(key: key.storageKey) == nil)
    }

    @Test("a stream of 1,100 events loads over several pages without snapshots, and from one snapshot with them", arguments: StoreKind.available)
    func longStream(kind: StoreKind) async throws {
        let store = try await kind.make(pageSize: 101)
        // One append per event (PutItem): moto's transactions slow down as a table grows, DynamoDB's do not.
        for version in 1...1_099 {
            try await store.append([storedEvent("long", Int64(version))], expectedVersion: Int64(version - 1), idempotency: nil)
        }
        let plain = Repository<Ledger>(store: store, serializer: ledgerSerializer, snapshotInterval: 0)
        let full = try await plain.load("long")
        #expect(full.version == 1_099 && full.state.total == 1_099 && full.eventsRead == 1_099)

        let snapshotting = Repository<Ledger>(store: store, serializer: ledgerSerializer, snapshotInterval: 100)
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: snapshotting)
        _ = try await dispatcher.dispatch(.add(2), to: "long")  // reaches 1,100: a snapshot is due there
        await snapshotting.pendingSnapshots()
        let fast = try await snapshotting.load("long")
        #expect(fast.snapshotVersion == 1_100 && fast.eventsRead == 0)
        #expect(fast.state.total == 1_101 && fast.version == 1_100)
        let earlier = try await snapshotting.load("long", at: 1_000)
        #expect(earlier.state.total == 1_000 && earlier.snapshotVersion == 0)
    }

    @Test("a snapshot of an older schema is ignored, or upcast when an upcaster exists", arguments: StoreKind.available)
    func snapshotSchemas(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.append((1...3).map { storedEvent("s", Int64($0)) }, expectedVersion: 0, idempotency: nil)
        // Schema 0 of the ledger's state called the total "sum".
        try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 3, schemaVersion: 0, state: ["sum": .n("300"), "entries": .n("3"), "notes": .l([]), "isClosed": .bool(false)]))
        let ignoring = Repository<Ledger>(store: store, serializer: ledgerSerializer)
        let rebuilt = try await ignoring.load("s")
        #expect(rebuilt.snapshotVersion == 0 && rebuilt.state.total == 3)
        let upcasting = Repository<Ledger>(store: store, serializer: ledgerSerializer, snapshotUpcasters: [0: { old in
            var new = old
            new["total"] = new.removeValue(forKey: "sum")
            return new
        }])
        let upcast = try await upcasting.load("s")
        #expect(upcast.snapshotVersion == 3 && upcast.state.total == 300)
    }

    @Test("old event payloads are upcast on read; an unknown event type is a clear error", arguments: StoreKind.available)
    func upcastingAndUnknownTypes(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.append([storedEvent("s", 1, schema: 1, payload: ["value": .n("41")]), storedEvent("s", 2)], expectedVersion: 0, idempotency: nil)
        let repository = Repository<Ledger>(store: store, serializer: ledgerSerializer)
        #expect(try await repository.load("s").state.total == 42)
        try await store.append([storedEvent("s", 3, type: "Mystery", schema: 1, payload: [:])], expectedVersion: 2, idempotency: nil)
        await #expect(throws: RepositoryError.unreadableEvent(streamID: "s", version: 3, .unknownEventType("Mystery"))) { try await repository.load("s") }
        try await store.append([storedEvent("t", 1, schema: 3)], expectedVersion: 0, idempotency: nil)
        await #expect(throws: RepositoryError.unreadableEvent(streamID: "t", version: 1, .unsupportedSchemaVersion(type: "Added", version: 3, current: 2))) {
            try await repository.load("t")
        }
    }
}
