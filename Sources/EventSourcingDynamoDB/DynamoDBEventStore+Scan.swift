import EventSourcing
import EventSourcingDynamoDBClient

extension DynamoDBEventStore: ScannableEventStore {
    /// A page of a parallel `Scan` (strongly consistent, so that every append acknowledged before the page was read
    /// is in it): segment `segment` of `segments`, after `cursor` (the previous page's `LastEvaluatedKey`, as
    /// `JSON`). DynamoDB puts all of a partition key's items in one segment, in sort-key order, so a stream's
    /// snapshot comes first (key 0), then its events in version order; `ScanOrderTests` checks this on moto.
    public func scan(segment: Int, of segments: Int, after cursor: JSON?, limit: Int) async throws(EventStoreError) -> EventScanPage {
        try EventScanPage.check(segment: segment, of: segments, limit: limit)
        var start: Item?
        if let cursor {
            guard case .object(let key) = cursor, case .string? = key[EventItemLayout.partitionKey], key[EventItemLayout.sortKey]?.int64Value != nil,
                  key.count == 2
            else { throw .invalid("a scan cursor is the key of the last item read, {\"pk\": string, \"sk\": integer}") }
            start = AttributeValue.item(key)
        }
        let output: ScanOutput
        do {
            output = try await client.scan(ScanInput(
                tableName: table, exclusiveStartKey: start, limit: limit, consistentRead: true, segment: segment, totalSegments: segments))
        } catch {
            throw Self.map(error)
        }
        var page = EventScanPage(events: [], itemsRead: output.items.count, bytesRead: 0, cursor: output.lastEvaluatedKey.map { .object(JSON.attributes($0)) })
        for item in output.items {
            let attributes = JSON.attributes(item)
            page.bytesRead += ItemSize.of(attributes)
            if let event = try EventItemLayout.event(from: attributes) { page.events.append(event) }
        }
        return page
    }

    /// The table's item count from `DescribeTable` (DynamoDB refreshes it every six hours or so).
    public func approximateItemCount() async throws(EventStoreError) -> Int? {
        do {
            return try await client.describeTable(table).itemCount
        } catch {
            throw Self.map(error)
        }
    }
}
