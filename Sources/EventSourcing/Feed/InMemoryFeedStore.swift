import Synchronization

/// The feed in memory, with the conditions and limits of `DynamoDBFeedStore`; events are resolved from `events`.
public final class InMemoryFeedStore: FeedStore {
    private struct State {
        var next: Int64 = 0
        var versions: [String: Int64] = [:]
        var entries: [Int64: FeedEntry] = [:]
    }

    /// Where the entries' events are read from.
    public let events: any EventStore
    private let state = Mutex(State())

    /// An empty feed of the events in `events`.
    public init(events: any EventStore) {
        self.events = events
    }

    /// The next position to give: how many entries the feed holds.
    public func head() async throws(FeedError) -> Int64 { state.withLock { $0.next } }

    /// The version of each stream indexed so far; streams never indexed are absent.
    public func indexedVersions(of streams: [String]) async throws(FeedError) -> [String: Int64] {
        state.withLock { state in streams.reduce(into: [:]) { $0[$1] = state.versions[$1] } }
    }

    /// Writes `chunk` if the head is at its start and each stream at the version it expects; otherwise `conflict`.
    public func commit(_ chunk: FeedChunk) async throws(FeedError) {
        try chunk.check()
        try state.withLock { (state: inout State) throws(FeedError) in
            guard state.next == chunk.start, chunk.expected.allSatisfy({ (state.versions[$0.key] ?? 0) == $0.value }) else { throw .conflict }
            for entry in chunk.entries { state.entries[entry.position] = entry }
            for (stream, version) in chunk.last { state.versions[stream] = version }
            state.next = chunk.start + Int64(chunk.events.count)
        }
    }

    /// At most `limit` consecutive entries from `position`, stopping at the first position not written.
    public func entries(from position: Int64, limit: Int) async throws(FeedError) -> [FeedEntry] {
        guard position >= 0, limit >= 1 else { throw .invalid("entries are read from position 0 or more, at least one at a time") }
        return state.withLock { state in
            var entries: [FeedEntry] = []
            while entries.count < limit, let entry = state.entries[position + Int64(entries.count)] { entries.append(entry) }
            return entries
        }
    }

    /// The events `entries` refer to, in the same order, read one by one from `events`; `corrupt` if one is missing.
    public func events(of entries: [FeedEntry]) async throws(FeedError) -> [StoredEvent] {
        var resolved: [StoredEvent] = []
        for entry in entries {
            let found: StoredEvent?
            do {
                found = try await events.events(streamID: entry.streamID, after: entry.version - 1, upTo: entry.version, limit: 1).first
            } catch {
                throw .events(error)
            }
            guard let found, found.metadata.eventID == entry.eventID else {
                throw .corrupt("position \(entry.position) refers to event \(entry.version) of stream \(entry.streamID), which the event store does not hold")
            }
            resolved.append(found)
        }
        return resolved
    }
}
