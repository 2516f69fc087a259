/// An event store that can be read whole, in segments that can be read in parallel: what a rebuild reads
/// (`ReadModelRebuild`), beyond the 24 hours a change stream keeps.
///
/// The contract — `EventStoreConformance.scanChecks` in `EventSourcingTesting` checks it:
/// - The segments of one `segments` count partition the store: every item is in exactly one segment, and all the
///   items of a stream are in the same one.
/// - Within a segment, a stream's items come together, in version order; the store's other items (snapshots,
///   kept decisions) are read and counted but not returned as events.
/// - A page holds at most `limit` items (and 1 MB); `cursor` resumes after it, across processes: it is plain
///   `JSON`, fit to be kept in a checkpoint. A nil cursor means the segment is done.
public protocol ScannableEventStore: EventStore {
    /// The page of segment `segment` (0 ..< `segments`) after `cursor` (nil: from the start).
    func scan(segment: Int, of segments: Int, after cursor: JSON?, limit: Int) async throws(EventStoreError) -> EventScanPage

    /// About how many items the store holds (a progress estimate; DynamoDB refreshes it every six hours or so).
    func approximateItemCount() async throws(EventStoreError) -> Int?
}

/// One page of a scan.
public struct EventScanPage: Sendable, Equatable {
    /// The events among the items read, in the order read.
    public var events: [StoredEvent]
    /// Items read, events or not.
    public var itemsRead: Int
    /// The items' size by `ItemSize`, all of them: what the read is billed on.
    public var bytesRead: Int
    /// Where the next page starts; nil when the segment is done.
    public var cursor: JSON?

    /// A page.
    public init(events: [StoredEvent], itemsRead: Int, bytesRead: Int, cursor: JSON?) {
        self.events = events
        self.itemsRead = itemsRead
        self.bytesRead = bytesRead
        self.cursor = cursor
    }

    /// Checks a scan's arguments: a segment within the count, a positive limit.
    public static func check(segment: Int, of segments: Int, limit: Int) throws(EventStoreError) {
        guard segments >= 1, (0..<segments).contains(segment) else {
            throw .invalid("a scan reads segment 0 ..< segments (at least 1); got segment \(segment) of \(segments)")
        }
        guard limit >= 1 else { throw .invalid("a scan page holds at least one item, got a limit of \(limit)") }
    }
}
