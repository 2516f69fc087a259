import Synchronization

/// Work that may wait until after the answer: the snapshot a command makes due, for example.
///
/// A host sets a queue for the time of one request (`DeferredWork.$current.withValue(queue) { … }`), answers, then
/// runs the queue (`await queue.run()`) — the Lambda kit does this after the response is sent and before it asks
/// for the next event, so the work is never frozen with the sandbox mid-flight. Without a queue, work runs at
/// once, before the call that made it returns.
public final class DeferredWork: Sendable {
    /// The queue of the request being served, if its host defers work.
    @TaskLocal public static var current: DeferredWork?

    private let jobs = Mutex<[@Sendable () async -> Void]>([])

    /// An empty queue.
    public init() {}

    /// Queues `job` on the current request's queue, or runs it now when there is none.
    public static func schedule(_ job: @escaping @Sendable () async -> Void) async {
        if let queue = current {
            queue.jobs.withLock { $0.append(job) }
        } else {
            await job()
        }
    }

    /// How many jobs wait.
    public var count: Int { jobs.withLock(\.count) }

    /// Runs every queued job, oldest first, including jobs queued while running; returns when none is left.
    public func run() async {
        while true {
            let pending = jobs.withLock { jobs in
                defer { jobs.removeAll() }
                return jobs
            }
            if pending.isEmpty { return }
            for job in pending { await job() }
        }
    }
}
