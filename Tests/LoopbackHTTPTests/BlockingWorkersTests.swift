import Dispatch
import EventSourcingLoopbackHTTP
import Glibc
import Synchronization
import Testing

/// A count shared with blocking work.
private final class Count: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var current: Int { value.withLock { $0 } }
}

/// Runs its jobs on one thread of its own, marked as one that may block, as a Lambda runtime loop's thread is.
private final class BlockingThreadExecutor: TaskExecutor, Sendable {
    private let jobs = Mutex<[UnownedJob]>([])
    private let queued = DispatchSemaphore(value: 0)

    init() {
        DetachedThread.start { [self] in
            BlockingWorkers.allowBlockingOnCurrentThread()
            while true {
                queued.wait()
                let job = jobs.withLock { $0.removeFirst() }
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        jobs.withLock { $0.append(unowned) }
        queued.signal()
    }
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

    @Test("only a thread marked as one that may block is one")
    func marking() {
        let marked = DispatchSemaphore(value: 0)
        let answers = Mutex<[Bool]>([])
        DetachedThread.start {
            answers.withLock { $0.append(BlockingWorkers.mayBlockCurrentThread) }
            BlockingWorkers.allowBlockingOnCurrentThread()
            answers.withLock { $0.append(BlockingWorkers.mayBlockCurrentThread) }
            marked.signal()
        }
        marked.wait()
        #expect(answers.withLock { $0 } == [false, true])
        #expect(!BlockingWorkers.mayBlockCurrentThread)
    }

    @Test("work submitted from a thread that may block runs in place, on that thread, starting none")
    func inPlace() async {
        let workers = BlockingWorkers(maxThreads: 4)
        let executor = BlockingThreadExecutor()
        let (caller, worker) = await Task(executorPreference: executor) {
            let caller = pthread_self()
            let worker = await workers.run { pthread_self() }
            return (caller, worker)
        }.value
        #expect(worker.map { pthread_equal($0, caller) != 0 } == true)
        #expect(workers.threadCount == 0)
    }
}
