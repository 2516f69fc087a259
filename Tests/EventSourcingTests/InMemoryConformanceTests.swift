import EventSourcing
import EventSourcingTesting
import Testing

/// The public conformance suites, on the in-memory stores: they must behave exactly like DynamoDB's.
@Suite("The in-memory stores pass the conformance suites")
struct InMemoryConformanceTests {
    @Test("InMemoryEventStore", arguments: EventStoreConformance.checks)
    func eventStore(_ check: ConformanceCheck<any EventStore>) async throws {
        try await check.run { InMemoryEventStore() }
    }

    @Test("InMemoryEventStore scans as DynamoDB does", arguments: EventStoreConformance.scanChecks)
    func scan(_ check: ConformanceCheck<any ScannableEventStore>) async throws {
        try await check.run { InMemoryEventStore() }
    }

    @Test("InMemoryReadModelStore", arguments: ReadModelStoreConformance.checks)
    func readModelStore(_ check: ConformanceCheck<any ReadModelStore>) async throws {
        try await check.run { InMemoryReadModelStore() }
    }

    @Test("rebuilds on the in-memory stores", arguments: RebuildConformance.checks)
    func rebuild(_ check: ConformanceCheck<RebuildStores>) async throws {
        try await check.run {
            let readModels = InMemoryReadModelStore()
            return RebuildStores(events: InMemoryEventStore(), readModels: readModels) { name in readModels.all.filter { $0.id.readModel == name } }
        }
    }

    @Test("the feed on the in-memory stores", arguments: FeedConformance.checks)
    func feed(_ check: ConformanceCheck<FeedStores>) async throws {
        try await check.run {
            let events = InMemoryEventStore()
            return FeedStores(events: events, feed: InMemoryFeedStore(events: events), readModels: InMemoryReadModelStore())
        }
    }
}
