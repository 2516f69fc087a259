/// What one batch did.
public struct ProjectorOutcome: Sendable {
    /// Records skipped, by index, with why.
    public var skipped: [(index: Int, reason: String)] = []
    /// The first record that failed, with why; nil when the batch succeeded. Lambda redelivers from it.
    public var failure: (index: Int, reason: String)?
    /// Events newly applied, counted once per document they reached.
    public var applied = 0
    /// Documents written (at most one write per document per batch, plus retries after a conflict).
    public var documentsWritten = 0
    /// Events read from the event store to fill gaps or find a stream's first event.
    public var eventsRead = 0

    /// An empty outcome.
    public init() {}

    /// Records `index` as the failure if it comes before the one recorded so far.
    mutating func fail(at index: Int, _ reason: String) {
        if let failure, failure.index <= index { return }
        failure = (index, reason)
    }
}
