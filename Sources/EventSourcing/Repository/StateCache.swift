import Synchronization

/// The folded states of the streams a process loaded last, so that a warm function's next load of the same stream
/// reads only the events appended since, not the snapshot and the events after it.
///
/// A cached state is never trusted on its own: `Repository` reads the stream from the cached version on (that event
/// included) and uses the state only when the event at that version is still the one it folded (same event id), so
/// that events appended by other instances are folded in, and a stream that was rewritten (deleted, restored from a
/// backup) is loaded in full; so is a stream that moved on by a snapshot interval or more since (a full load reads
/// less then). Only what loads fold is kept — stored events on top of a snapshot or of an earlier cached state, never a
/// state computed from events before they were stored — so a cached load folds the same events as a full load, and
/// gives the same state as long as the state's `Codable` round trip loses nothing (which snapshots already need).
///
/// Bounded by `capacity` streams: past it, the quarter used longest ago is dropped (the state's size is the domain's:
/// lower the capacity for large states). Shared by every load of the repositories given it, from any task. Only the
/// repository reads and fills it.
public final class StateCache<State: Aggregate>: Sendable {
    /// A stream's folded state and the event it was folded up to.
    package struct Entry: Sendable {
        /// The state after the stream's events up to `version`.
        package var state: State
        /// The version of the last event folded in (1 or more).
        package var version: Int64
        /// That event's id: the load that uses this entry checks that the stream still holds it.
        package var eventID: String

        /// An entry: `state` is the stream folded up to `version`, whose event has id `eventID`.
        package init(state: State, version: Int64, eventID: String) {
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

    /// The entry kept for `streamID`, if any; it counts as a use (the stream is now the last one dropped).
    package func entry(for streamID: String) -> Entry? {
        storage.withLock { storage in
            guard let index = storage.slots.index(forKey: streamID) else { return nil }
            storage.clock += 1
            storage.slots.values[index].lastUse = storage.clock
            return storage.slots.values[index].entry
        }
    }

    /// Keeps `entry` for `streamID` unless a newer version of it is kept already (another task got further).
    package func keep(_ entry: Entry, for streamID: String) {
        guard capacity > 0, entry.version >= 1 else { return }
        storage.withLock { storage in
            if let kept = storage.slots[streamID], kept.entry.version > entry.version { return }
            storage.clock += 1
            storage.slots[streamID] = Slot(entry: entry, lastUse: storage.clock)
            guard storage.slots.count > capacity else { return }
            // A quarter at once, so that a full cache sorts its entries once per quarter of its capacity, not per insert.
            let oldest = storage.slots.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(max(1, capacity / 4))
            for (stream, _) in oldest { storage.slots[stream] = nil }
        }
    }

    /// Drops `stale` for `streamID`, unless another task has kept something else for it since.
    package func forget(_ stale: Entry, for streamID: String) {
        storage.withLock { storage in
            guard let kept = storage.slots[streamID]?.entry, kept.version == stale.version, kept.eventID == stale.eventID else { return }
            storage.slots[streamID] = nil
        }
    }
}
