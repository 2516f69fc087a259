extension EventFeed {
    /// Indexes every event of `store` the feed lacks, read by a scan: for a feed turned on after events were
    /// appended, or events older than a change stream keeps. Each stream's events are indexed once and in version
    /// order, whatever the live indexer does meanwhile; events already in the feed are skipped, so it can be run
    /// again after a stop. One scan, page after page: every step moves the one head, so parallel segments would only
    /// take turns at it. Reads are paced by `budget`, in read units computed from the items' sizes.
    public func seed(from store: any ScannableEventStore, pageSize: Int = 1_000, budget: CapacityBudget? = nil) async throws(FeedError) -> FeedIndexOutcome {
        var total = FeedIndexOutcome()
        var cursor: JSON?
        var estimate = ItemSize.readUnits(bytes: 0)
        repeat {
            do {
                try await budget?.spend(estimate)
            } catch {
                throw .cancelled
            }
            let page: EventScanPage
            do {
                page = try await store.scan(segment: 0, of: 1, after: cursor, limit: pageSize)
            } catch {
                throw .events(error)
            }
            let units = ItemSize.readUnits(bytes: page.bytesRead)
            budget?.adjust(by: units - estimate)
            estimate = units
            let outcome = await index(page.events)
            total.add(outcome)
            if let failure = outcome.failure { throw .invalid("seeding the feed: \(failure.reason)") }
            cursor = page.cursor
        } while cursor != nil
        return total
    }
}
