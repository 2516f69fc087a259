import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import EventSourcingTestSupport
@testable import EventSourcingTesting
import Testing

@Suite("A parallel Scan on moto returns each partition key whole, in one segment, in sort-key order", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct ScanOrderTests {
    @Test("60 streams with snapshots, read in 1, 4 and 7 segments of pages of 9 items: every key in one segment, its items together and ascending")
    func wholeKeysInOrder() async throws {
        let client = Moto.client()
        let table = try await Tables.events(client)
        let store = DynamoDBEventStore(client: client, table: table)
        var expected: [String: [Int64]] = [:]
        for number in 1...60 {
            let stream = "stream-\(number)"
            let length = Int64(number % 7 + 1)
            try await store.append((1...length).map { storedEvent(stream, $0) }, expectedVersion: 0, idempotency: nil)
            expected[stream] = Array(1...length)
            if length >= 3 {
                try await store.saveSnapshot(StoredSnapshot(streamID: stream, version: 2, schemaVersion: 1, state: [:]))
                expected[stream] = [0] + expected[stream]!
            }
        }
        for segments in [1, 4, 7] {
            var found: [String: (segment: Int, keys: [Int64])] = [:]
            for segment in 0..<segments {
                var start: Item?
                var previous: String?
                repeat {
                    let page = try await client.scan(ScanInput(tableName: table, exclusiveStartKey: start, limit: 9, consistentRead: true, segment: segment, totalSegments: segments))
                    #expect(page.items.count <= 9)
                    for item in page.items {
                        guard case .s(let pk)? = item["pk"], case .n(let sk)? = item["sk"], let key = Int64(sk) else {
                            Issue.record("an item without its key: \(item)")
                            continue
                        }
                        if pk != previous {
                            #expect(found[pk] == nil, "\(pk) comes back twice: in segment \(found[pk]?.segment ?? -1) and again in \(segment) of \(segments)")
                            found[pk] = (segment, [])
                        }
                        found[pk]!.keys.append(key)
                        previous = pk
                    }
                    start = page.lastEvaluatedKey
                } while start != nil
            }
            #expect(found.mapValues(\.keys) == expected, "\(segments) segments")
        }
    }
}
