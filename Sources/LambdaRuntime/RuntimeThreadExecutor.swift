#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingLoopbackHTTP

/// A task executor whose jobs all run on one thread: a new one, or the thread that calls `runJobs()`.
///
/// The runtime loop blocks in `recv` while it waits on `/next`. Running it here keeps that blocking off Swift's
/// cooperative pool, and a handler that inherits this executor runs on the same thread: a handler that does not
/// suspend costs no thread hop at all.
final class RuntimeThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Filled by `enqueue` under the mutex; swapped with `running` for the runner to go through without it.
    private var waiting = JobQueue()
    private var running = JobQueue()
    private var stopping = false

    /// - Parameter startThread: start a thread of its own; when false the caller must call `runJobs()`.
    init(startThread: Bool = true) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        guard startThread else { return }
        let started = DetachedThread.start { [self] in runJobs() }
        precondition(started, "could not start the runtime's thread")
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
        waiting.deallocate()
        running.deallocate()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        pthread_mutex_lock(mutex)
        waiting.append(unowned)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Lets the thread finish the jobs it has and exit.
    func shutdown() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Runs jobs on the calling thread until `shutdown()` and the queue is empty. The thread is one that blocks (on
    /// `/next`), so blocking work such as a DynamoDB request runs on it in place (`BlockingWorkers`).
    func runJobs() {
        BlockingWorkers.allowBlockingOnCurrentThread()
        while true {
            pthread_mutex_lock(mutex)
            while waiting.count == 0 && !stopping { pthread_cond_wait(condition, mutex) }
            if waiting.count == 0 {
                pthread_mutex_unlock(mutex)
                return
            }
            swap(&waiting, &running)
            pthread_mutex_unlock(mutex)
            for index in 0..<running.count { running[index].runSynchronously(on: asUnownedTaskExecutor()) }
            running.removeAll()
        }
    }
}
