import Synchronization

/// The folded states of the streams a process loaded last, so that a warm function's next load of the same stream
/// reads only the events appended since, not the snapshot and the events after it.
///
/// A cached state is never trusted on its own: `Repository` reads the stream from the cached version on (that event
/// included) and uses the state only when the event at that version is still the one it folded (same event id), so
/// that events appended by other instances are folded in, and a stream that was rewritten (deleted, restored from a
/// backup) is loaded in full. Only states folded from stored events are kept, never one computed from events before
/// they were stored, so a cached load gives exactly what a full load gives.
///
/// Bounded by `capacity` streams; past it, the stream used longest ago is dropped. Shared by every load of the
/// repositories given it, from any task.
public final class StateCache<State: Aggregate>: Sendable {
    /// A stream's folded state and the event it was folded up to.
    public struct Entry: Sendable {
        /// The state after the stream's events up to `version`.
        public var state: State
        /// The version of the last event folded in (1 or more).
        public var version: Int64
        /// That event's id: the load that uses this entry checks that the stream still holds it.
        public var eventID: String

        /// An entry: `state` is the stream folded up to `version`, whose event has id `eventID`.
        public init(state: State, version: Int64, eventID: String) {
            self.state = state
            self.version = version
            self.eventID = eventID
        }
    }

    private struct Slot {
        var entry: Entry
        var lastUse: UInt64
    }

    private struct Storage {
        var slots: [String: Slot] = [:]
        var clock: UInt64 = 0
    }

    /// The most streams kept; 0 keeps none.
    public let capacity: Int
    private let storage = Mutex(Storage())

    /// A cache of at most `capacity` streams (0: none).
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The streams kept now.
    public var count: Int { storage.withLock { $0.slots.count } }

    /// The entry kept for `streamID`, if any.
    public func entry(for streamID: String) -> Entry? {
        storage.withLock { storage in
            guard var slot = storage.slots[streamID] else { return nil }
            storage.clock += 1
            slot.lastUse = storage.clock
            storage.slots[streamID] = slot
            return slot.entry
        }
    }

    /// Keeps `entry` for `streamID` unless a newer version of it is kept already (another task got further).
    public func keep(_ entry: Entry, for streamID: String) {
        guard capacity > 0, entry.version >= 1 else { return }
        storage.withLock { storage in
            if let kept = storage.slots[streamID], kept.entry.version > entry.version { return }
            storage.clock += 1
            storage.slots[streamID] = Slot(entry: entry, lastUse: storage.clock)
            if storage.slots.count > capacity, let oldest = storage.slots.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                storage.slots[oldest] = nil
            }
        }
    }

    /// Drops what is kept for `streamID`.
    public func forget(_ streamID: String) {
        storage.withLock { _ = $0.slots.removeValue(forKey: streamID) }
    }
}
