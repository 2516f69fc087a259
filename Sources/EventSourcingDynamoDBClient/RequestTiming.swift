import Synchronization

/// How many requests a piece of work sent to DynamoDB and how long it waited for them: set one for the scope
/// (`DynamoDBClient.$timing.withValue(timing) { … }`) and read it afterwards, for example to log a request's
/// own time apart from DynamoDB's.
public final class RequestTiming: Sendable {
    private let totals = Mutex<(attempts: Int, waited: Duration)>((0, .zero))

    /// An empty tally.
    public init() {}

    /// HTTP attempts made (retries included).
    public var attempts: Int { totals.withLock { $0.attempts } }

    /// Time spent waiting for DynamoDB's answers.
    public var waited: Duration { totals.withLock { $0.waited } }

    func record(_ duration: Duration) {
        totals.withLock { $0 = ($0.attempts + 1, $0.waited + duration) }
    }
}
