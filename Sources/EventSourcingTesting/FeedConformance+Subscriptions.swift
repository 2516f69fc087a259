import EventSourcing

extension FeedConformance {
    static let subscriptionChecks: [ConformanceCheck<FeedStores>] = [
        ConformanceCheck("a subscription from position 0 equals a from-scratch projection; stopped after any page, it resumes and applies each event once") { make in
            for stop in 1...3 {
                let stores = try await make()
                let streams = try await indexLedgers(stores)
                let subscription = ledgerSubscription(stores)
                let task = Task {
                    try await subscription.catchUp { progress in
                        if progress.eventsThisRun >= stop * subscription.pageSize { withUnsafeCurrentTask { $0?.cancel() } }
                    }
                }
                switch await task.result {
                case .success(let progress): throw ConformanceFailure("stopped after \(stop) pages, the subscription ran to the head: \(progress)")
                case .failure(let error): try expect(error as? FeedError == .cancelled, "the stopped subscription threw \(error)")
                }
                let stoppedAt = try await subscription.position()
                let resumed = try await subscription.catchUp()
                let head = try await stores.feed.head()
                try expect(stoppedAt > 0 && resumed.position == head && resumed.eventsThisRun == Int(head - stoppedAt),
                           "stopped at \(stoppedAt), the rerun did \(resumed)")
                try await expectFromScratch(stores, streams: streams)
            }
        },
        ConformanceCheck("two instances of one subscription and the live projector, all at once on the same documents, apply each event once") { make in
            let stores = try await make()
            let streams = try await indexLedgers(stores)
            var records: [ProjectorRecord] = []
            for stream in streams.keys.sorted() { records += try await stores.events.events(streamID: stream, after: 0, upTo: nil, limit: nil).map(ProjectorRecord.event) }
            let batch = records
            let live = Projector(serializer: LedgerEvent.serializer, eventStore: stores.events, readModels: stores.readModels, projections: [LedgerTotals(), NotebookTotals()])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 1...2 { group.addTask { _ = try await ledgerSubscription(stores).catchUp() } }
                group.addTask {
                    let outcome = await live.project(batch)
                    try expect(outcome.failure == nil, "the live projector failed: \(String(describing: outcome.failure))")
                }
                try await group.waitForAll()
            }
            try await expectFromScratch(stores, streams: streams)
        },
        ConformanceCheck("an event the subscription cannot apply stops it there, with everything before it applied") { make in
            let stores = try await make()
            let good = try await appendLedger(stores, "a", [.noted(Noted(text: "n")), .added(Added(amount: 5))])
            let poison = try await appendLedger(stores, "b", [.noted(Noted(text: "n")), .added(Added(amount: 13)), .added(Added(amount: 1))])
            let feed = EventFeed(store: stores.feed, eventStore: stores.events)
            _ = await feed.index(good + poison)
            let subscription = ledgerSubscription(stores)
            do {
                _ = try await subscription.catchUp()
                throw ConformanceFailure("the subscription applied an event the read model refuses")
            } catch let error as FeedError {
                try expect(error.description.contains("position 3") && error.description.contains("13"), "the subscription stopped with \(error)")
            }
            let position = try await subscription.position()
            let (total, book) = (try await stores.readModels.read(LedgerTotals.self, key: "a")?.document, try await stores.readModels.read(NotebookTotals.self, key: "n")?.document)
            try expect(position == 3 && total == .init(total: 5, entries: 1) && book?.total == 5, "stopped at \(position) with \(String(describing: total)), \(String(describing: book))")
        },
    ]

    /// A subscription of the ledger totals and notebooks, in pages of seven.
    static func ledgerSubscription(_ stores: FeedStores) -> FeedSubscription<LedgerEvent> {
        var subscription = FeedSubscription(
            name: "ledgers", feed: EventFeed(store: stores.feed, eventStore: stores.events), serializer: LedgerEvent.serializer,
            readModels: stores.readModels, projections: [LedgerTotals(), NotebookTotals()])
        subscription.pageSize = 7
        return subscription
    }

    /// Appends ledger events to `stream`.
    static func appendLedger(_ stores: FeedStores, _ stream: String, _ history: [LedgerEvent]) async throws -> [StoredEvent] {
        let start = try await stores.events.load(streamID: stream, upTo: nil) { _ in false }.version
        let stored = try history.enumerated().map { offset, event in
            try LedgerEvent.serializer.serialize(event, metadata: EventMetadata(streamID: stream, version: start + Int64(offset) + 1))
        }
        try await stores.events.append(stored, expectedVersion: start, idempotency: nil)
        return stored
    }

    /// Six ledgers of two notebooks, indexed interleaved as a change stream would deliver them; each stream's note.
    static func indexLedgers(_ stores: FeedStores) async throws -> [String: String] {
        var streams: [String: String] = [:]
        var byStream: [[StoredEvent]] = []
        for number in 1...6 {
            streams["l\(number)"] = "n\(number % 2)"
            byStream.append(try await appendLedger(stores, "l\(number)", [.noted(Noted(text: "n\(number % 2)"))] + (1...number + 2).map { .added(Added(amount: $0 * 100 + number)) }))
        }
        var interleaved: [StoredEvent] = []
        for index in 0..<byStream.map(\.count).max()! { interleaved += byStream.compactMap { index < $0.count ? $0[index] : nil } }
        let outcome = await EventFeed(store: stores.feed, eventStore: stores.events).index(interleaved)
        try expect(outcome.failure == nil && outcome.indexed == interleaved.count, "indexing did \(outcome)")
        return streams
    }

    /// Checks the subscription's documents against the same projections folded from scratch, stream by stream, in
    /// a fresh store: the same bodies and versions.
    static func expectFromScratch(_ stores: FeedStores, streams: [String: String]) async throws {
        let scratch = InMemoryReadModelStore()
        let projector = Projector(serializer: LedgerEvent.serializer, eventStore: stores.events, readModels: scratch, projections: [LedgerTotals(), NotebookTotals()])
        for stream in streams.keys.sorted() {
            _ = await projector.project(try await stores.events.events(streamID: stream, after: 0, upTo: nil, limit: nil).map(ProjectorRecord.event))
        }
        let ids = streams.keys.map { DocumentID(readModel: LedgerTotals.name, key: $0) } + Set(streams.values).map { DocumentID(readModel: NotebookTotals.name, key: $0) }
        for id in ids {
            let (stored, expected) = (try await stores.readModels.document(id), try await scratch.document(id))
            try expect(stored?.body == expected?.body && stored?.versions == expected?.versions && expected != nil,
                       "\(id) holds \(String(describing: stored?.body)) \(String(describing: stored?.versions)), from scratch \(String(describing: expected?.body)) \(String(describing: expected?.versions))")
        }
    }
}
