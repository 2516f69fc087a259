import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import EventSourcingTestSupport
import EventSourcingTesting
import Foundation
import Testing

/// Tables of their own per check, on moto, created from the one definition the template declares.
enum Tables {
    static func events(_ client: DynamoDBClient) async throws -> String {
        let name = "events-\(UUID().uuidString.prefix(8))"
        try await EventSourcingTables.create(EventSourcingTables.events, named: name, client: client)
        return name
    }

    static func projections(_ client: DynamoDBClient) async throws -> String {
        let name = "projections-\(UUID().uuidString.prefix(8))"
        try await EventSourcingTables.create(EventSourcingTables.projections, named: name, client: client)
        return name
    }

    static func feed(_ client: DynamoDBClient) async throws -> String {
        let name = "feed-\(UUID().uuidString.prefix(8))"
        try await EventSourcingTables.create(EventSourcingTables.feed, named: name, client: client)
        return name
    }
}

/// The public conformance suites, on DynamoDB (moto): the contract the in-memory stores are held to.
@Suite("The DynamoDB stores pass the conformance suites (moto)", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct DynamoDBConformanceTests {
    @Test("DynamoDBEventStore, with pages of 7 items so that every read pages", arguments: EventStoreConformance.checks)
    func eventStore(_ check: ConformanceCheck<any EventStore>) async throws {
        try await check.run {
            let client = Moto.client(retry: RetryPolicy(maxAttempts: 8))
            return DynamoDBEventStore(client: client, table: try await Tables.events(client), pageSize: 7)
        }
    }

    @Test("DynamoDBEventStore scans, with parallel segments", arguments: EventStoreConformance.scanChecks)
    func scan(_ check: ConformanceCheck<any ScannableEventStore>) async throws {
        try await check.run {
            let client = Moto.client(retry: RetryPolicy(maxAttempts: 8))
            return DynamoDBEventStore(client: client, table: try await Tables.events(client))
        }
    }

    @Test("DynamoDBReadModelStore", arguments: ReadModelStoreConformance.checks)
    func readModelStore(_ check: ConformanceCheck<any ReadModelStore>) async throws {
        try await check.run {
            let client = Moto.client(retry: RetryPolicy(maxAttempts: 8))
            return DynamoDBReadModelStore(client: client, table: try await Tables.projections(client))
        }
    }

    @Test("rebuilds on DynamoDB: a parallel scan of the events table into a generation of the projections table", arguments: RebuildConformance.checks)
    func rebuild(_ check: ConformanceCheck<RebuildStores>) async throws {
        try await check.run {
            let client = Moto.client(retry: RetryPolicy(maxAttempts: 8))
            let readModels = DynamoDBReadModelStore(client: client, table: try await Tables.projections(client))
            return RebuildStores(events: DynamoDBEventStore(client: client, table: try await Tables.events(client)), readModels: readModels) { name in
                try await readModels.documents(readModel: name)
            }
        }
    }

    @Test("the feed on DynamoDB: DynamoDBFeedStore's transactions, the events table, subscriptions' atomic writes", arguments: FeedConformance.checks)
    func feed(_ check: ConformanceCheck<FeedStores>) async throws {
        try await check.run {
            let client = Moto.client(retry: RetryPolicy(maxAttempts: 8))
            let eventsTable = try await Tables.events(client)
            return FeedStores(
                events: DynamoDBEventStore(client: client, table: eventsTable),
                feed: DynamoDBFeedStore(client: client, table: try await Tables.feed(client), eventsTable: eventsTable),
                readModels: DynamoDBReadModelStore(client: client, table: try await Tables.projections(client)))
        }
    }
}
