/// What indexing a batch of events did.
public struct FeedIndexOutcome: Sendable, Equatable {
    /// Events given a position, the batch's own and those read to fill gaps.
    public var indexed = 0
    /// Events of the batch already in the feed (a redelivery): skipped.
    public var duplicates = 0
    /// Events read from the event store to fill a stream's gap before its event in the batch.
    public var filled = 0
    /// Atomic steps written.
    public var commits = 0
    /// Atomic steps lost to another indexer or a redelivery (then read again and redone).
    public var conflicts = 0
    /// Write units the steps written cost, computed from their items' sizes (`FeedChunk.writeUnits`).
    public var writeUnits = 0.0
    /// The first event of the batch not indexed, with why; nil when all were. Indexing resumes from it.
    public var failure: Failure?

    /// Where indexing stopped.
    public struct Failure: Sendable, Equatable {
        /// The index, in the batch, of the first event not indexed.
        public var index: Int
        /// Why that event was not indexed.
        public var reason: String

        /// A failure at `index`.
        public init(index: Int, reason: String) {
            self.index = index
            self.reason = reason
        }
    }

    /// Nothing done yet.
    public init() {}

    /// Adds what `other` did (its failure aside).
    mutating func add(_ other: FeedIndexOutcome) {
        indexed += other.indexed
        duplicates += other.duplicates
        filled += other.filled
        commits += other.commits
        conflicts += other.conflicts
        writeUnits += other.writeUnits
    }
}
