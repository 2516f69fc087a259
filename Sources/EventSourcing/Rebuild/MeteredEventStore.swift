import Synchronization

/// An event store whose reads of events (a projector's gap filling and first-event lookups) are paced by a budget
/// and counted: a `Query` is billed on the sum of its items' sizes. Everything else passes through.
final class MeteredEventStore: EventStore {
    let base: any EventStore
    let budget: CapacityBudget?
    let meter: Mutex<Capacity>

    init(_ base: any EventStore, budget: CapacityBudget?) {
        self.base = base
        self.budget = budget
        self.meter = Mutex(Capacity())
    }

    var spent: Capacity { meter.withLock { $0 } }

    func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent] {
        let estimate = ItemSize.readUnits(bytes: 0)
        try? await budget?.spend(estimate)
        let events = try await base.events(streamID: streamID, after: after, upTo: upTo, limit: limit)
        let units = ItemSize.readUnits(bytes: events.reduce(0) { $0 + ItemSize.of(EventItemLayout.item(for: $1)) })
        budget?.adjust(by: units - estimate)
        meter.withLock { $0.readUnits += units }
        return events
    }

    func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError) {
        try await base.append(events, expectedVersion: expectedVersion, idempotency: idempotency)
    }

    func load(streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool) async throws(EventStoreError) -> StreamSlice {
        try await base.load(streamID: streamID, upTo: version, acceptsSnapshot: acceptsSnapshot)
    }

    func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError) { try await base.saveSnapshot(snapshot) }
    func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord? { try await base.idempotencyRecord(key: key) }
    func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(EventStoreError) { try await base.saveIdempotencyRecord(record) }
}
