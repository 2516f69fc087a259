import Dispatch
import LoopbackHTTP
import Synchronization
import Testing

/// A count shared with blocking work.
private final class Count: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var current: Int { value.withLock { $0 } }
}

@Suite("BlockingWorkers")
struct BlockingWorkersTests {
    @Test("work in sequence reuses one thread, and every result comes back")
    func reusesThreads() async {
        let workers = BlockingWorkers(maxThreads: 4)
        for value in 0..<200 {
            #expect(await workers.run { value * 2 } == value * 2)
        }
        #expect(workers.threadCount == 1)
    }

    @Test("blocking work at once gets a thread each, up to the bound; past it, work waits its turn and still runs")
    func growsToTheBound() async {
        let workers = BlockingWorkers(maxThreads: 3)
        let release = DispatchSemaphore(value: 0)
        let started = Count()
        await withTaskGroup(of: Int?.self) { group in
            for value in 0..<5 {
                group.addTask {
                    await workers.run {
                        started.add()
                        release.wait()
                        return value
                    }
                }
            }
            // Three block at once (one per thread); the other two wait for a thread to come free.
            while started.current < 3 { try? await Task.sleep(for: .milliseconds(5)) }
            try? await Task.sleep(for: .milliseconds(50))
            #expect(started.current == 3)
            #expect(workers.threadCount == 3)
            for _ in 0..<5 { release.signal() }
            var results: [Int] = []
            for await result in group { results.append(result ?? -1) }
            #expect(results.sorted() == [0, 1, 2, 3, 4])
        }
        #expect(workers.threadCount == 3)
    }
}
