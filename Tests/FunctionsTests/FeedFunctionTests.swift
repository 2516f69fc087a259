import EventSourcing
import EventSourcingDynamoDB
import EventSourcingLambda
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

@Suite("StreamProjector given FEED_TABLE keeps the global feed (moto)", .enabled(if: Moto.endpoint != nil && Moto.templateSettings != nil, Moto.skipReason))
struct FeedFunctionTests {
    @Test("redelivered stream batches, whole and in part, index each event once; the feed orders every account's events by version")
    func redeliveredBatches() async throws {
        let deployment = try await Deployment()
        let feedTable = try await Moto.createTable(deployment.client, fromTemplate: "FeedTable")
        let (api, command) = try deployment.startCommandFunction()
        defer { command.terminate() }
        for account in ["f-1", "f-2", "f-3"] {
            _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/\(account)/open", body: "{}")))
            for amount in [10, 20] {
                _ = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/\(account)/deposit", body: #"{"amount": \#(amount)}"#)))
            }
        }
        let records = try await deployment.streamRecords()
        let projectorAPI = try RuntimeAPIServer(.init(functionName: "StreamProjector"))
        let projector = try ChildFunction(product: "StreamProjector", environment: deployment.environment(projectorAPI, ["FEED_TABLE": feedTable]))
        defer { projector.terminate() }
        for batch in [records, records, Array(records.suffix(records.count / 2))] {
            let result = await projectorAPI.invoke(Array(try JSONEncoder().encode(DynamoDBStreamEvent(records: batch))))
            let answer = try JSONDecoder().decode(DynamoDBBatchResponse.self, from: Data(try #require(result.responseBody, "\(result)")))
            #expect(answer.batchItemFailures.isEmpty)
        }
        let events = DynamoDBEventStore(client: deployment.client, table: deployment.eventsTable)
        let feed = EventFeed(store: DynamoDBFeedStore(client: deployment.client, table: feedTable, eventsTable: deployment.eventsTable), eventStore: events)
        let all = try await feed.read(from: 0, limit: 100)
        let head = try await feed.store.head()
        #expect(all.map(\.position) == Array(0..<9) && head == 9)
        var versions: [String: Int64] = [:]
        for item in all {
            #expect(item.event.version == (versions[item.event.streamID] ?? 0) + 1)
            versions[item.event.streamID] = item.event.version
        }
        #expect(versions == ["account#f-1": 3, "account#f-2": 3, "account#f-3": 3])
        projector.terminate()
        #expect(projector.stderr.contains("feedDuplicates"))
    }
}
