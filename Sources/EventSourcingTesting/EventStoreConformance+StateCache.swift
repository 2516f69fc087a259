import EventSourcing

extension EventStoreConformance {
    static func cachingRepository(_ store: any EventStore, _ cache: StateCache<Ledger>, snapshotInterval: Int = 0) -> Repository<Ledger> {
        Repository(store: store, serializer: LedgerEvent.serializer, snapshotInterval: snapshotInterval, stateCache: cache)
    }

    static let stateCacheChecks: [ConformanceCheck<any EventStore>] = [
        ConformanceCheck("a cached state is loaded from its own event on, with what another instance appended folded in") { make in
            let store = try await make()
            let cached = cachingRepository(store, StateCache(capacity: 10))
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: cached)
            for amount in 1...3 { _ = try await dispatcher.dispatch(.add(amount), to: "l") }
            // Another instance (a cache of its own) appends two events.
            let other = CommandDispatcher(handler: LedgerHandler(), repository: cachingRepository(store, StateCache(capacity: 10)))
            _ = try await other.dispatch(.add(10), to: "l")
            _ = try await other.dispatch(.addWithNote(20, "late"), to: "l")
            let atFour = try await cached.load("l", at: 4)
            let fullAtFour = try await repository(store).load("l", at: 4)
            try expect(atFour.cachedVersion == 2 && atFour.version == 4 && atFour.state == fullAtFour.state, "at 4: \(atFour.state) from \(atFour.cachedVersion)")
            let loaded = try await cached.load("l")
            let full = try await repository(store).load("l")
            try expect(loaded.cachedVersion == 4 && loaded.eventsRead == 2, "started from \(loaded.cachedVersion), folded \(loaded.eventsRead) events")
            try expect(loaded.version == 6 && loaded.state == full.state, "the cached load gave \(loaded.state) at \(loaded.version), a full one \(full.state) at \(full.version)")
            let again = try await cached.load("l")
            try expect(again.cachedVersion == 6 && again.eventsRead == 0 && again.state == full.state, "the next load started from \(again.cachedVersion)")
            let earlier = try await cached.load("l", at: 3)
            try expect(earlier.cachedVersion == 0 && earlier.version == 3 && earlier.state.total == 6, "a load at 3 gave \(earlier.state) at \(earlier.version)")
        },
        ConformanceCheck("a cached state whose event the stream no longer holds is dropped, and the stream loaded in full") { make in
            let cache = StateCache<Ledger>(capacity: 10)
            let first = try await make()
            try await first.append((1...3).map { storedEvent("s", Int64($0)) }, expectedVersion: 0, idempotency: nil)
            _ = try await cachingRepository(first, cache).load("s")
            // The same stream id, other events: a table restored from a backup, or a stream deleted and begun again.
            let rewritten = try await make()
            try await rewritten.append((1...5).map { storedEvent("s", Int64($0), payload: ["amount": .number("7")]) }, expectedVersion: 0, idempotency: nil)
            let loaded = try await cachingRepository(rewritten, cache).load("s")
            try expect(loaded.cachedVersion == 0 && loaded.version == 5 && loaded.state.total == 35, "loaded \(loaded.state) at \(loaded.version) from the cache's \(loaded.cachedVersion)")
            let shorter = try await make()
            try await shorter.append((1...2).map { storedEvent("s", Int64($0)) }, expectedVersion: 0, idempotency: nil)
            let short = try await cachingRepository(shorter, cache).load("s")
            try expect(short.cachedVersion == 0 && short.version == 2 && short.state.total == 2, "loaded \(short.state) at \(short.version) from the cache's \(short.cachedVersion)")
            try expect(cache.entry(for: "s")?.version == 2, "the cache kept version \(cache.entry(for: "s")?.version ?? 0)")
        },
        ConformanceCheck("a stream that moved on by a snapshot interval since the cached state is loaded from its snapshot instead") { make in
            let store = try await make()
            let cached = cachingRepository(store, StateCache(capacity: 10), snapshotInterval: 3)
            let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: cached)
            for amount in 1...2 { _ = try await dispatcher.dispatch(.add(amount), to: "l") }  // cached at 1
            let other = CommandDispatcher(handler: LedgerHandler(), repository: repository(store, snapshotInterval: 3))
            for amount in 1...7 { _ = try await other.dispatch(.addWithNote(amount, "n\(amount)"), to: "l") }  // to 16, the newest snapshot at 16
            let loaded = try await cached.load("l")
            let full = try await repository(store).load("l")
            try expect(loaded.cachedVersion == 0 && loaded.snapshotVersion == 16 && loaded.state == full.state, "loaded from \(loaded.cachedVersion), snapshot \(loaded.snapshotVersion)")
            // Then a cached state of a load from a snapshot: the same state as a full load, command after command.
            for amount in 1...4 {
                _ = try await dispatcher.dispatch(.addWithNote(amount, "m\(amount)"), to: "l")
                let next = try await cached.load("l")
                let nextFull = try await repository(store).load("l")
                try expect(next.cachedVersion > 0 && next.state == nextFull.state && next.version == nextFull.version, "cached \(next.state), full \(nextFull.state)")
            }
        },
        ConformanceCheck("two instances with caches × 4 concurrent dispatchers × 15 commands on one stream: no lost update, each cache ending where the stream is") { make in
            let store = try await make()
            let instances = [StateCache<Ledger>(capacity: 10), StateCache<Ledger>(capacity: 10)].map {
                CommandDispatcher(handler: LedgerHandler(), repository: cachingRepository(store, $0), maxAttempts: 200)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 1...8 {
                    group.addTask { for _ in 1...15 { _ = try await instances[worker % 2].dispatch(.add(worker), to: "shared") } }
                }
                try await group.waitForAll()
            }
            let full = try await repository(store).load("shared")
            try expect(full.version == 120 && full.state.total == 15 * 36, "the stream holds \(full.state) at \(full.version)")
            for instance in instances {
                let loaded = try await instance.repository.load("shared")
                try expect(loaded.state == full.state && loaded.cachedVersion > 0, "an instance loaded \(loaded.state) from \(loaded.cachedVersion)")
            }
        },
    ]
}
