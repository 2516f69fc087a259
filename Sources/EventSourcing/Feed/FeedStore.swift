/// Where the global feed is kept: dense positions 0, 1, 2… each referring to one event, and per stream the version
/// indexed so far. `EventFeed` indexes into it and reads from it.
///
/// The contract — `FeedConformance` in `EventSourcingTesting` checks it, for `InMemoryFeedStore`, `DynamoDBFeedStore`
/// and any store of your own:
/// - `commit` writes a chunk atomically — its entries, the head moved past them, each stream's version moved — only
///   if the head is at `chunk.start` and every stream at the version the chunk expects; otherwise `conflict`, and
///   nothing is written. So a position is never lost or given twice, and no event is indexed twice or out of its
///   stream's order.
/// - `entries(from:limit:)` returns consecutive positions from `position` and stops before the first one it does not
///   see (yet): a reader never skips a position, so it never reads past one that appears later.
public protocol FeedStore: Sendable {
    /// The next position to give: how many entries the feed holds.
    func head() async throws(FeedError) -> Int64

    /// The version of each stream indexed so far; streams never indexed are absent.
    func indexedVersions(of streams: [String]) async throws(FeedError) -> [String: Int64]

    /// Writes `chunk` atomically, on its conditions.
    func commit(_ chunk: FeedChunk) async throws(FeedError)

    /// At most `limit` entries from `position`, consecutive, stopping before the first position not visible.
    func entries(from position: Int64, limit: Int) async throws(FeedError) -> [FeedEntry]

    /// The events `entries` refer to, in the same order.
    func events(of entries: [FeedEntry]) async throws(FeedError) -> [StoredEvent]
}
