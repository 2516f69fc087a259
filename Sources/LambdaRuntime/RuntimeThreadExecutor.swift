#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LoopbackHTTP

/// A task executor whose jobs all run on one thread: a new one, or the thread that calls `runJobs()`.
///
/// The runtime loop blocks in `recv` while it waits on `/next`. Running it here keeps that blocking off Swift's
/// cooperative pool, and a handler that inherits this executor runs on the same thread: a handler that does not
/// suspend costs no thread hop at all.
final class RuntimeThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var stopping = false

    /// - Parameter startThread: start a thread of its own; when false the caller must call `runJobs()`.
    init(startThread: Bool = true) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        guard startThread else { return }
        let started = DetachedThread.start { [self] in runJobs() }
        precondition(started, "could not start the runtime's thread")
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        pthread_mutex_lock(mutex)
        jobs.append(unowned)
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

    /// Runs jobs on the calling thread until `shutdown()` and the queue is empty.
    func runJobs() {
        while true {
            pthread_mutex_lock(mutex)
            while jobs.isEmpty && !stopping { pthread_cond_wait(condition, mutex) }
            if jobs.isEmpty {
                pthread_mutex_unlock(mutex)
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            pthread_mutex_unlock(mutex)
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
