/// Jobs waiting for a `RuntimeThreadExecutor`, in order, in memory managed by hand.
///
/// Not an array: the first append to an `[UnownedJob]` looks the array's generic metadata up at run time, some
/// 40,000 instructions that every cold start would spend before its first `/next`.
struct JobQueue {
    private var storage: UnsafeMutablePointer<UnownedJob>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        storage = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    /// Adds `job` at the end, doubling the storage when it is full.
    mutating func append(_ job: UnownedJob) {
        if count == capacity {
            let grown = UnsafeMutablePointer<UnownedJob>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        (storage + count).initialize(to: job)
        count += 1
    }

    /// The job at `index`, which is below `count`.
    subscript(index: Int) -> UnownedJob { storage[index] }

    /// Forgets every job (they are trivial values: nothing to release).
    mutating func removeAll() { count = 0 }

    /// Frees the storage; the queue must not be used after.
    func deallocate() { storage.deallocate() }
}
