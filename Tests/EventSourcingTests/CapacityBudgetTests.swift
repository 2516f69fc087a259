@testable import EventSourcing
import Synchronization
import Testing

/// A clock the test moves: sleeping moves it to the wake-up time at once, and each start is recorded.
private final class ManualClock: Sendable {
    let origin = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    var now: ContinuousClock.Instant { origin + offset.withLock { $0 } }
    var elapsed: Duration { offset.withLock { $0 } }

    func advance(_ duration: Duration) { offset.withLock { $0 += duration } }

    func sleep(until instant: ContinuousClock.Instant) {
        offset.withLock { $0 = max($0, origin.duration(to: instant)) }
    }

    func budget(_ rate: Double) -> CapacityBudget {
        CapacityBudget(unitsPerSecond: rate, now: { self.now }, sleep: { self.sleep(until: $0) })
    }
}

@Suite("A capacity budget paces spending to its rate")
struct CapacityBudgetTests {
    @Test("each request starts only once the units spent before it are earned at the rate: never more than rate × time plus one request")
    func paced() async throws {
        let clock = ManualClock()
        let rate = 100.0
        let budget = clock.budget(rate)
        let costs: [Double] = [50, 20, 80, 5, 45, 100, 1]
        var spentBefore = 0.0
        for cost in costs {
            try await budget.spend(cost)
            // Starting now: everything spent before must have been earned by now, and no later than needed.
            #expect(clock.elapsed.inSeconds >= spentBefore / rate - 1e-6)
            #expect(clock.elapsed.inSeconds <= spentBefore / rate + 1e-6)
            spentBefore += cost
        }
    }

    @Test("a correction after the fact moves the next start by the units it adds or returns")
    func corrected() async throws {
        let clock = ManualClock()
        let budget = clock.budget(10)
        try await budget.spend(5)
        budget.adjust(by: 15)  // the request cost 20, not 5
        try await budget.spend(1)
        #expect(abs(clock.elapsed.inSeconds - 20.0 / 10) < 1e-6)
        budget.adjust(by: -1)  // it cost nothing after all
        try await budget.spend(1)
        #expect(abs(clock.elapsed.inSeconds - 20.0 / 10) < 1e-6)
    }

    @Test("idle time earns nothing for later: after a pause, requests are paced again from the first")
    func noBurstAfterIdle() async throws {
        let clock = ManualClock()
        let budget = clock.budget(50)
        try await budget.spend(50)
        clock.advance(.seconds(60))
        let resumed = clock.elapsed
        for _ in 1...3 { try await budget.spend(50) }
        #expect(abs((clock.elapsed - resumed).inSeconds - 2 * 50.0 / 50) < 1e-6)
    }
}

extension Duration {
    fileprivate var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
