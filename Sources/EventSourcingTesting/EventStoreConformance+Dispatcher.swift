import EventSourcing

/// Refuses notes at `authorize`: a stand-in for an ownership check.
struct GuardedLedgerHandler: CommandHandler {
    func authorize(_ command: LedgerCommand, state: Ledger) throws(LedgerError) {
        if case .note = command { throw .notPositive }
    }

    func handle(_ command: LedgerCommand, state: Ledger, version: Int64) throws(LedgerError) -> [LedgerEvent] {
        try LedgerHandler().handle(command, state: state, version: version)
    }
}

extension EventStoreConformance {
    static func repository(_ store: any EventStore, snapshotInterval: Int = 0) -> Repository<Ledger> {
        Repository(store: store, serializer: LedgerEvent.serializer, snapshotInterval: snapshotInterval)
    }

    static func key(_ scope: String, _ key: String, _ request: String) -> IdempotencyKey {
        IdempotencyKey(scope: scope, key: key, request: Array(request.utf8))
    }

    static let dispatcherChecks: [ConformanceCheck<any EventStore>] = [
        ConformanceCheck("8 concurrent dispatchers × 25 commands on one stream: versions 1…200, no lost update") { make in
            let repository = repository(try await make(), snapshotInterval: 50)
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository, maxAttempts: 200)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 1...8 {
                    group.addTask { for _ in 1...25 { _ = try await dispatcher.dispatch(.add(worker), to: "shared") } }
                }
                try await group.waitForAll()
            }
            let events = try await repository.store.events(streamID: "shared", after: 0, upTo: nil, limit: nil)
            try expect(events.map(\.version) == Array(1...200), "\(events.count) events, versions \(events.first?.version ?? 0)…\(events.last?.version ?? 0)")
            let loaded = try await repository.load("shared")
            try expect(loaded.version == 200 && loaded.state.total == 25 * 36 && loaded.state.entries == 200, "the state is \(loaded.state) at \(loaded.version)")
        },
        ConformanceCheck("a command's events are appended together, with its ids in their metadata") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
            let result = try await dispatcher.dispatch(.addWithNote(5, "first"), to: "l", context: CommandContext(commandID: "c-1", correlationID: "r-1"))
            try expect(result == CommandResult(streamID: "l", version: 2, events: ["Added", "Noted"]), "the result is \(result)")
            let events = try await repository.store.events(streamID: "l", after: 0, upTo: nil, limit: nil)
            try expect(events.map(\.metadata.commandID) == ["c-1", "c-1"] && events.map(\.metadata.correlationID) == ["r-1", "r-1"], "ids \(events.map(\.metadata))")
            let loaded = try await repository.load("l")
            try expect(loaded.state.total == 5 && loaded.state.notes == ["first"], "the state is \(loaded.state)")
        },
        ConformanceCheck("a domain error appends nothing and comes back typed") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
            _ = try await dispatcher.dispatch(.close, to: "l")
            try await expectError("an addition to a closed ledger", matching: { if case .rejected(.closed, false) = $0 { true } else { false } }) { () throws(DispatchError<LedgerError>) in
                _ = try await dispatcher.dispatch(.add(1), to: "l")
            }
            try expect(try await repository.load("l").version == 1, "the rejected command appended")
        },
        ConformanceCheck("an expected version runs the command only at that version, never re-run") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
            _ = try await dispatcher.dispatch(.add(1), to: "l", expectedVersion: 0)
            try await expectError("a command at version 0 of a stream at 1", matching: { if case .versionMismatch(0, 1, false) = $0 { true } else { false } }) { () throws(DispatchError<LedgerError>) in
                _ = try await dispatcher.dispatch(.add(1), to: "l", expectedVersion: 0)
            }
            try expect(try await dispatcher.dispatch(.add(1), to: "l", expectedVersion: 1).version == 2, "the command at the right version did not run")
        },
        ConformanceCheck("an idempotent retry returns the first result and appends nothing, also after a lost response") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
            let first = try await dispatcher.dispatch(.add(5), to: "l", idempotency: key("ann", "k-1", "add 5 to l"))
            _ = try await dispatcher.dispatch(.add(100), to: "l")  // the caller never saw `first`; the state moves on
            let retry = try await dispatcher.dispatch(.add(5), to: "l", idempotency: key("ann", "k-1", "add 5 to l"))
            try expect(retry.replayed && !first.replayed && retry.version == first.version && retry.events == first.events, "the retry got \(retry)")
            try expect(try await repository.load("l").state.total == 105, "the retry appended")
            try await expectError("the key with another request", matching: { if case .idempotencyKeyReused("k-1") = $0 { true } else { false } }) { () throws(DispatchError<LedgerError>) in
                _ = try await dispatcher.dispatch(.add(6), to: "l", idempotency: key("ann", "k-1", "add 6 to l"))
            }
        },
        ConformanceCheck("the same idempotency key sent concurrently appends one set of events") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository, maxAttempts: 50)
            let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
                for _ in 1...6 { group.addTask { try await dispatcher.dispatch(.add(7), to: "l", idempotency: key("ann", "same", "add 7 to l")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try expect(Set(results.map(\.version)) == [1] && results.filter { !$0.replayed }.count == 1, "results \(results)")
            try expect(try await repository.load("l").state.total == 7, "more than one set of events")
        },
        ConformanceCheck("a rejection is the first answer under its key: a retry after the state changed gets it again") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
            _ = try await dispatcher.dispatch(.close, to: "l")
            for attempt in 1...2 {
                try await expectError("attempt \(attempt)", matching: { if case .rejected(.closed, let replayed) = $0 { replayed == (attempt == 2) } else { false } }) { () throws(DispatchError<LedgerError>) in
                    _ = try await dispatcher.dispatch(.add(1), to: "l", idempotency: key("ann", "w-fail", "add 1 to l"))
                }
            }
            try expect(try await repository.load("l").version == 1, "a kept rejection appended")
        },
        ConformanceCheck("a version mismatch is kept under its key as well") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
            _ = try await dispatcher.dispatch(.add(1), to: "l")
            for attempt in 1...2 {
                try await expectError("attempt \(attempt)", matching: { if case .versionMismatch(0, 1, let replayed) = $0 { replayed == (attempt == 2) } else { false } }) { () throws(DispatchError<LedgerError>) in
                    _ = try await dispatcher.dispatch(.add(2), to: "l", expectedVersion: 0, idempotency: key("ann", "m", "add 2 at 0"))
                }
            }
            try expect(try await repository.load("l").version == 1, "a kept mismatch appended")
        },
        ConformanceCheck("keys are scoped without collisions: (ann#x, y) is not (ann, x#y)") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: repository)
            try expect(key("ann", "x#y", "r").storageKey != key("ann#x", "y", "r").storageKey, "two scopes share a storage key")
            let first = try await dispatcher.dispatch(.add(1), to: "l", idempotency: key("ann", "x#y", "add 1"))
            let second = try await dispatcher.dispatch(.add(1), to: "l", idempotency: key("ann#x", "y", "add 1"))
            try expect(!first.replayed && !second.replayed && second.version == 2, "the second caller got \(second)")
        },
        ConformanceCheck("authorize runs before the expected version is compared, and its refusal is not kept") { make in
            let repository = repository(try await make())
            let dispatcher = CommandDispatcher(handler: GuardedLedgerHandler(), repository: repository)
            _ = try await dispatcher.dispatch(.add(1), to: "l")
            try await expectError("a refused command at a wrong version", matching: { if case .rejected(.notPositive, false) = $0 { true } else { false } }) { () throws(DispatchError<LedgerError>) in
                _ = try await dispatcher.dispatch(.note("secret"), to: "l", expectedVersion: 5, idempotency: key("bob", "k", "guarded"))
            }
            try expect(try await repository.store.idempotencyRecord(key: key("bob", "k", "guarded").storageKey) == nil, "the refusal was kept")
        },
        ConformanceCheck("a stream of 1,100 events loads over several pages without snapshots, and from one snapshot with them") { make in
            let store = try await make()
            // One append per event (a PutItem on DynamoDB).
            for version in 1...1_099 {
                try await store.append([storedEvent("long", Int64(version))], expectedVersion: Int64(version - 1), idempotency: nil)
            }
            let full = try await repository(store).load("long")
            try expect(full.version == 1_099 && full.state.total == 1_099 && full.eventsRead == 1_099, "loaded \(full.eventsRead) events to \(full.version)")
            let snapshotting = repository(store, snapshotInterval: 100)
            _ = try await CommandDispatcher(handler: LedgerHandler(), repository: snapshotting).dispatch(.add(2), to: "long")  // reaches 1,100
            let fast = try await snapshotting.load("long")
            try expect(fast.snapshotVersion == 1_100 && fast.eventsRead == 0 && fast.state.total == 1_101, "loaded from \(fast.snapshotVersion), \(fast.eventsRead) events")
            let earlier = try await snapshotting.load("long", at: 1_000)
            try expect(earlier.state.total == 1_000 && earlier.snapshotVersion == 0, "loaded at 1,000: \(earlier.state.total)")
        },
        ConformanceCheck("a snapshot of an older schema is ignored, or upcast when an upcaster exists") { make in
            let store = try await make()
            try await store.append((1...3).map { storedEvent("s", Int64($0)) }, expectedVersion: 0, idempotency: nil)
            // Schema 0 of the ledger's state called the total "sum".
            try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 3, schemaVersion: 0, state: [
                "sum": .number("300"), "entries": .number("3"), "notes": .array([]), "isClosed": .bool(false),
            ]))
            let rebuilt = try await repository(store).load("s")
            try expect(rebuilt.snapshotVersion == 0 && rebuilt.state.total == 3, "the old snapshot was used: \(rebuilt.state)")
            let upcasting = Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotUpcasters: [0: { old in
                var new = old
                new["total"] = new.removeValue(forKey: "sum")
                return new
            }])
            let upcast = try await upcasting.load("s")
            try expect(upcast.snapshotVersion == 3 && upcast.state.total == 300, "the snapshot was not upcast: \(upcast.state)")
        },
        ConformanceCheck("old event payloads are upcast on read; an unknown event type is a clear error") { make in
            let store = try await make()
            try await store.append([storedEvent("s", 1, schema: 1, payload: ["value": .number("41")]), storedEvent("s", 2)], expectedVersion: 0, idempotency: nil)
            let repository = repository(store)
            try expect(try await repository.load("s").state.total == 42, "the schema-1 payload was not upcast")
            try await store.append([storedEvent("s", 3, type: "Mystery", schema: 1, payload: [:])], expectedVersion: 2, idempotency: nil)
            try await expectError("an unknown type", matching: { $0 == .unreadableEvent(streamID: "s", version: 3, .unknownEventType("Mystery")) }) { () throws(RepositoryError) in
                _ = try await repository.load("s")
            }
            try await store.append([storedEvent("t", 1, schema: 3)], expectedVersion: 0, idempotency: nil)
            try await expectError("a newer schema", matching: { $0 == .unreadableEvent(streamID: "t", version: 1, .unsupportedSchemaVersion(type: "Added", version: 3, current: 2)) }) { () throws(RepositoryError) in
                _ = try await repository.load("t")
            }
        },
    ]
}
