/// How far a subscription has got.
public struct SubscriptionProgress: Sendable, CustomStringConvertible {
    /// The subscription.
    public var name: String
    /// The next position it reads: everything before it is applied.
    public var position: Int64
    /// The feed's head when last read (nil: not read).
    public var head: Int64?
    /// Events applied by this run.
    public var eventsThisRun: Int
    /// How long this run has lasted.
    public var elapsed: Duration
    /// Capacity this run has spent: the feed's entries and events, the documents read and written.
    public var capacity: Capacity

    /// Events applied per second by this run.
    public var eventsPerSecond: Double { eventsThisRun == 0 ? 0 : Double(eventsThisRun) / max(elapsed.seconds, 0.001) }

    /// The name, position, how far behind the head, and this run's events and rate, in one line.
    public var description: String {
        var text = "\(name): position \(position)"
        if let head { text += " of \(head) (\(max(0, head - position)) behind)" }
        return text + ", \(eventsThisRun) events applied, \(Int(eventsPerSecond.rounded())) events/s"
    }
}
