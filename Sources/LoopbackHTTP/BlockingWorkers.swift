#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// Long-lived threads for blocking work (a socket exchange, plain or over TLS), so that it neither blocks Swift's
/// cooperative pool nor pays for a thread of its own each time: creating and ending a thread per request cost a
/// warm command function more CPU than writing its requests. A thread is added when every thread is busy, up to
/// `maxThreads`; past that, work waits its turn. Threads stay for the life of the process, waiting without CPU.
///
/// A thread that exists to block (a Lambda runtime loop's own thread, which blocks on `/next` between invocations)
/// can say so with `allowBlockingOnCurrentThread()`: work submitted from it then runs right there, saving the two
/// thread hand-offs per request, while the thread's other jobs wait, as they would for `/next`.
public final class BlockingWorkers: Sendable {
    /// The process's workers, for the transports.
    public static let shared = BlockingWorkers(maxThreads: 32)

    /// Blocking work, and what to do with its result once its thread is counted free again (resume the caller:
    /// a caller that queues its next job at once then finds the thread free, not a reason to start another).
    public typealias Job = @Sendable () -> @Sendable () -> Void

    private struct State {
        var jobs: [Job] = []
        /// The next job to hand out: `jobs` is compacted when it has all been handed out.
        var next = 0
        var threads = 0
        var busy = 0
    }

    /// The most threads this pool starts.
    public let maxThreads: Int
    private let state = Mutex(State())
    /// Signalled once per job queued; a worker takes one job per wait.
    private let queued = DispatchSemaphore(value: 0)

    /// A pool that grows to at most `maxThreads` threads.
    public init(maxThreads: Int) {
        precondition(maxThreads > 0, "a pool needs a thread")
        self.maxThreads = maxThreads
    }

    /// Marks the calling thread as one that may block: `run` called from it runs its work in place.
    public static func allowBlockingOnCurrentThread() {
        pthread_setspecific(blockingAllowed, UnsafeRawPointer(bitPattern: 1))
    }

    /// Whether the calling thread was marked with `allowBlockingOnCurrentThread()`.
    public static var mayBlockCurrentThread: Bool { pthread_getspecific(blockingAllowed) != nil }

    private static let blockingAllowed: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key")
        return key
    }()

    /// Runs `work` on one of the pool's threads (in place on a thread that may block) and returns its result; nil
    /// when the pool has no thread and none could be started (`work` then never runs).
    public func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value? {
        if Self.mayBlockCurrentThread { return work() }
        return await withCheckedContinuation { continuation in
            let queued = submit {
                let value = work()
                return { continuation.resume(returning: value) }
            }
            if !queued { continuation.resume(returning: nil) }
        }
    }

    /// Queues `job`, starting a thread first when none is free; false when the pool has no thread and none could be
    /// started (`job` then never runs).
    @discardableResult
    public func submit(_ job: @escaping Job) -> Bool {
        let addThread = state.withLock { state in
            let free = state.threads - state.busy - (state.jobs.count - state.next)
            guard free <= 0, state.threads < maxThreads else { return false }
            state.threads += 1
            return true
        }
        if addThread && !DetachedThread.start({ [self] in work() }) {
            let none = state.withLock { state in
                state.threads -= 1
                return state.threads == 0
            }
            if none { return false }
        }
        state.withLock { $0.jobs.append(job) }
        queued.signal()
        return true
    }

    /// How many threads the pool has started.
    public var threadCount: Int { state.withLock { $0.threads } }

    private func work() {
        while true {
            queued.wait()
            let job = state.withLock { state in
                let job = state.jobs[state.next]
                state.next += 1
                if state.next == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.next = 0
                }
                state.busy += 1
                return job
            }
            let finish = job()
            state.withLock { $0.busy -= 1 }
            finish()
        }
    }
}
