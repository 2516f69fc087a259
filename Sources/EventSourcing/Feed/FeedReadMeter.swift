import Synchronization

/// The read units a subscription's feed reads cost, from the sizes of what they returned: the chunks' `Query`
/// (the sum of their sizes, strongly consistent) and the events' `BatchGetItem` (each event item rounded up on its
/// own, eventually consistent).
final class FeedReadMeter: Sendable {
    private let state = Mutex((units: 0.0, lastPage: ItemSize.readUnits(bytes: 0)))

    /// Units spent so far.
    var units: Double { state.withLock { $0.units } }
    /// What the last page cost: the estimate for the next.
    var lastPage: Double { state.withLock { $0.lastPage } }

    /// Counts a page read and returns what it cost.
    func record(_ events: [FeedEvent]) -> Double {
        // The chunks read hold about these entries (the first may hold a few before them).
        let entries = ItemSize.of(FeedItemLayout.item(for: events.map { FeedEntry(position: $0.position, event: $0.event) }))
        let items = events.reduce(0.0) { $0 + ItemSize.readUnits(bytes: ItemSize.of(EventItemLayout.item(for: $1.event)), consistent: false) }
        let cost = ItemSize.readUnits(bytes: entries) + items
        state.withLock { $0 = ($0.units + cost, cost) }
        return cost
    }
}
