extension EventFeed {
    /// Indexes every event of `store` the feed lacks, read by a parallel scan: for a feed turned on after events were
    /// appended, or events older than a change stream keeps. Each stream's events are indexed once and in version
    /// order, whatever the live indexer does meanwhile; events already in the feed are skipped, so it can be run
    /// again after a stop. Reads are paced by `budget`, in read units computed from the items' sizes.
    public func seed(
        from store: any ScannableEventStore, segments: Int = 4, pageSize: Int = 1_000, budget: CapacityBudget? = nil
    ) async throws(FeedError) -> FeedIndexOutcome {
        let outcomes = await withTaskGroup(of: Result<FeedIndexOutcome, FeedError>.self) { group in
            for segment in 0..<segments {
                group.addTask { await self.seed(segment: segment, of: segments, from: store, pageSize: pageSize, budget: budget) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var total = FeedIndexOutcome()
        for outcome in outcomes { total.add(try outcome.get()) }
        return total
    }

    private func seed(
        segment: Int, of segments: Int, from store: any ScannableEventStore, pageSize: Int, budget: CapacityBudget?
    ) async -> Result<FeedIndexOutcome, FeedError> {
        var total = FeedIndexOutcome()
        var cursor: JSON?
        var estimate = ItemSize.readUnits(bytes: 0)
        repeat {
            do {
                try await budget?.spend(estimate)
            } catch {
                return .failure(.cancelled)
            }
            let page: EventScanPage
            do {
                page = try await store.scan(segment: segment, of: segments, after: cursor, limit: pageSize)
            } catch {
                return .failure(.events(error))
            }
            let units = ItemSize.readUnits(bytes: page.bytesRead)
            budget?.adjust(by: units - estimate)
            estimate = units
            let outcome = await index(page.events)
            total.add(outcome)
            if let failure = outcome.failure { return .failure(.invalid("seeding segment \(segment): \(failure.reason)")) }
            cursor = page.cursor
        } while cursor != nil
        return .success(total)
    }
}
