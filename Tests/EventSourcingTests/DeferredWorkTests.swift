import EventSourcing
@testable import EventSourcingTesting
import Testing

@Suite("Snapshots as deferred work")
struct DeferredWorkTests {
    @Test("with a queue, the snapshot a command makes due waits until the queue runs")
    func deferred() async throws {
        let store = InMemoryEventStore()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 2))
        let queue = DeferredWork()
        try await DeferredWork.$current.withValue(queue) {
            _ = try await dispatcher.dispatch(.addWithNote(1, "a"), to: "l")
        }
        #expect(queue.count == 1)
        #expect(try await store.load(streamID: "l", upTo: nil) { _ in true }.snapshot == nil)
        await queue.run()
        #expect(queue.count == 0)
        #expect(try await store.load(streamID: "l", upTo: nil) { _ in true }.snapshot?.version == 2)
    }

    @Test("without a queue, the snapshot is written before the command returns")
    func inline() async throws {
        let store = InMemoryEventStore()
        let dispatcher = CommandDispatcher(handler: LedgerHandler(), repository: Repository<Ledger>(store: store, serializer: LedgerEvent.serializer, snapshotInterval: 1))
        _ = try await dispatcher.dispatch(.add(4), to: "l")
        let slice = try await store.load(streamID: "l", upTo: nil) { _ in true }
        #expect(slice.snapshot?.version == 1 && slice.snapshot?.state["total"] == .number("4"))
    }

    @Test("a queue runs jobs queued while it runs, oldest first")
    func chained() async {
        let queue = DeferredWork()
        let order = OrderLog()
        await DeferredWork.$current.withValue(queue) {
            await DeferredWork.schedule {
                order.append(1)
                await DeferredWork.$current.withValue(queue) { await DeferredWork.schedule { order.append(3) } }
            }
            await DeferredWork.schedule { order.append(2) }
        }
        await queue.run()
        #expect(order.values == [1, 2, 3])
    }
}

import Synchronization

private final class OrderLog: Sendable {
    private let log = Mutex<[Int]>([])
    func append(_ value: Int) { log.withLock { $0.append(value) } }
    var values: [Int] { log.withLock { $0 } }
}
