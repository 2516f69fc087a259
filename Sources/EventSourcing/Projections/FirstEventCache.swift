import Synchronization

/// The first event of each stream seen, kept for as long as the process lives: a stream's first event never
/// changes, so documents keyed by it (an owner's list) need no read to find their key after the first time.
final class FirstEventCache<Event: Sendable>: Sendable {
    private let events = Mutex<[String: RecordedEvent<Event>]>([:])
    /// A bound on memory: past it, the cache starts over.
    private let capacity = 10_000

    subscript(streamID: String) -> RecordedEvent<Event>? {
        get { events.withLock { $0[streamID] } }
        set {
            events.withLock { events in
                if events.count >= capacity { events.removeAll(keepingCapacity: true) }
                events[streamID] = newValue
            }
        }
    }
}
