import Synchronization

/// A rate of capacity units (DynamoDB's read or write units) that callers spend together and never outrun: a
/// request may start only once every unit spent before it has been earned at `unitsPerSecond`, so over any
/// stretch of time the units spent are at most the rate times its length, plus the last request's own.
///
/// A request's cost is often known only once it is answered (a scan page's size): spend an estimate before it,
/// and `adjust` by the difference after.
public final class CapacityBudget: Sendable {
    /// The rate.
    public let unitsPerSecond: Double
    /// When the units spent so far are all earned; nil before the first spend.
    private let earned = Mutex<ContinuousClock.Instant?>(nil)
    private let now: @Sendable () -> ContinuousClock.Instant
    private let sleep: @Sendable (ContinuousClock.Instant) async throws -> Void

    /// A budget of `unitsPerSecond` (more than 0).
    public convenience init(unitsPerSecond: Double) {
        self.init(unitsPerSecond: unitsPerSecond, now: { ContinuousClock.now }, sleep: { try await Task.sleep(until: $0, clock: .continuous) })
    }

    /// A budget on another clock (tests).
    init(unitsPerSecond: Double, now: @escaping @Sendable () -> ContinuousClock.Instant, sleep: @escaping @Sendable (ContinuousClock.Instant) async throws -> Void) {
        precondition(unitsPerSecond > 0, "a capacity budget is more than 0 units per second")
        self.unitsPerSecond = unitsPerSecond
        self.now = now
        self.sleep = sleep
    }

    /// Waits until `units` may be spent, then counts them spent. Throws only when the task is cancelled meanwhile.
    public func spend(_ units: Double) async throws {
        let start = earned.withLock { earned in
            // Idle time earns nothing for later: no burst after a pause.
            let start = max(earned ?? now(), now())
            earned = start + duration(units)
            return start
        }
        if start > now() { try await sleep(start) }
    }

    /// Corrects the units spent by `units` (the actual cost minus the estimate spent), in either direction.
    public func adjust(by units: Double) {
        earned.withLock { earned in
            if let current = earned { earned = current + duration(units) }
        }
    }

    private func duration(_ units: Double) -> Duration {
        .nanoseconds(Int64((units / unitsPerSecond * 1e9).rounded()))
    }
}
