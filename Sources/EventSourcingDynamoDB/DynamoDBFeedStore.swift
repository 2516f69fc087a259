import EventSourcing
import EventSourcingCrypto
import EventSourcingDynamoDBClient

/// The global feed on a DynamoDB table (items: `FeedItemLayout`; table: `EventSourcingTables.feed`), its entries
/// resolved from the events table.
///
/// Costs (strongly consistent reads: 1 RCU per 4 KB; writes: 1 WCU per KB, twice that in a transaction): a commit is
/// one `TransactWriteItems` — the chunk's one item (about 130 bytes an entry), the head, one update per stream — at
/// most 100 actions. Reading from a position is a `Query` for the chunk holding it, then one per run of chunks (the
/// sum of their sizes), and resolving the entries one `BatchGetItem` per 100 events, eventually consistent (half a
/// unit per event item up to 4 KB), read again strongly consistent only for an event not seen yet.
public final class DynamoDBFeedStore: FeedStore {
    /// The client requests go through.
    public let client: DynamoDBClient
    /// The feed table.
    public let table: String
    /// The events table, which entries refer to.
    public let eventsTable: String

    /// A feed in `table` of the events in `eventsTable`.
    public init(client: DynamoDBClient, table: String, eventsTable: String) {
        self.client = client
        self.table = table
        self.eventsTable = eventsTable
    }

    /// The next position to give, read from the head item (0 when there is none yet).
    public func head() async throws(FeedError) -> Int64 {
        let item: Item?
        do {
            item = try await client.getItem(GetItemInput(tableName: table, key: AttributeValue.item(FeedItemLayout.headKey), consistentRead: true))
        } catch {
            throw .unavailable(error.description)
        }
        guard let item else { return 0 }
        guard let next = JSON(item["next"] ?? .null).int64Value else { throw .corrupt("the feed's head holds no position") }
        return next
    }

    /// The version of each stream indexed so far, from the streams' items; streams never indexed are absent.
    public func indexedVersions(of streams: [String]) async throws(FeedError) -> [String: Int64] {
        let keys = Set(streams).map { AttributeValue.item(FeedItemLayout.streamKey($0)) }
        guard !keys.isEmpty else { return [:] }
        let items: [Item]
        do {
            items = try await client.batchGetItem(table: table, keys: keys, consistentRead: true)
        } catch {
            throw .unavailable(error.description)
        }
        var versions: [String: Int64] = [:]
        for item in items {
            guard case .s(let key)? = item["pk"], key.hasPrefix("stream#"), let version = JSON(item["version"] ?? .null).int64Value else {
                throw .corrupt("a feed stream item lacks its version")
            }
            versions[String(key.dropFirst("stream#".count))] = version
        }
        return versions
    }

    /// Writes `chunk` in one transaction that moves the head and each stream's version on their conditions;
    /// `conflict` if any fails.
    public func commit(_ chunk: FeedChunk) async throws(FeedError) {
        try chunk.check()
        let end = chunk.start + Int64(chunk.events.count)
        var actions: [TransactWriteItem] = [Self.move(table, FeedItemLayout.headKey, "next", from: chunk.start, to: end)]
        let last = chunk.last
        for (stream, expected) in chunk.expected.sorted(by: { $0.key < $1.key }) {
            actions.append(Self.move(table, FeedItemLayout.streamKey(stream), "version", from: expected, to: last[stream] ?? expected))
        }
        actions.append(.put(table: table, item: AttributeValue.item(FeedItemLayout.item(for: chunk.entries)), condition: "attribute_not_exists(pk)"))
        // The same chunk makes the same token, so the client's retry of a commit that did go through succeeds.
        let request = JSONWriter.bytes(.array([.number(String(chunk.start))] + chunk.events.map { .string($0.metadata.eventID) }))
        do {
            try await client.transactWriteItems(actions, clientRequestToken: String(Hex.encode(SHA256.hash(request)).prefix(36)))
        } catch .transactionCanceled, .transactionConflict {
            throw .conflict
        } catch {
            throw .unavailable(error.description)
        }
    }

    /// An update moving a counter `name` of the item at `key` from `old` (0: the item does not exist) to `new`.
    private static func move(_ table: String, _ key: [String: JSON], _ name: String, from old: Int64, to new: Int64) -> TransactWriteItem {
        var values: Item = [":new": .n(String(new))]
        if old > 0 { values[":old"] = .n(String(old)) }
        return .update(
            table: table, key: AttributeValue.item(key), update: "SET #counter = :new",
            condition: old == 0 ? "attribute_not_exists(pk)" : "#counter = :old", names: ["#counter": name], values: values)
    }

    /// At most `limit` consecutive entries from `position`, read chunk by chunk, stopping before the first chunk not
    /// visible yet.
    public func entries(from position: Int64, limit: Int) async throws(FeedError) -> [FeedEntry] {
        guard position >= 0, limit >= 1 else { throw .invalid("entries are read from position 0 or more, at least one at a time") }
        // The chunk holding `position`: the last one starting at or before it, in its bucket or (a chunk crossing a
        // bucket's end) in the one before.
        var holding = try await chunks(startingIn: FeedItemLayout.bucket(of: position), "sk <= :position", position, forward: false, limit: 1).first
        if holding == nil, position >= FeedItemLayout.bucketSize {
            holding = try await chunks(startingIn: FeedItemLayout.bucket(of: position - FeedItemLayout.bucketSize), "sk <= :position", position, forward: false, limit: 1).first
        }
        // Consecutive positions only: a chunk not visible yet ends the read, whatever follows it.
        guard let holding, let last = holding.last, last.position >= position else { return [] }
        var entries = Array(holding.drop { $0.position < position }.prefix(limit))
        var next = last.position + 1
        while entries.count < limit {
            let following = try await chunks(startingIn: FeedItemLayout.bucket(of: next), "sk >= :position", next, forward: true, limit: 20)
            for chunk in following {
                guard chunk.first?.position == next, let end = chunk.last?.position else { return entries }
                entries += chunk.prefix(limit - entries.count)
                next = end + 1
                if entries.count == limit { return entries }
            }
            if following.isEmpty { return entries }
        }
        return entries
    }

    /// Up to `limit` chunks of `bucket` whose first position satisfies `condition` against `position`, in order of
    /// position (`forward`) or the reverse.
    private func chunks(startingIn bucket: String, _ condition: String, _ position: Int64, forward: Bool, limit: Int) async throws(FeedError) -> [[FeedEntry]] {
        let page: QueryPage<JSONItem>
        do {
            page = try await client.query(QueryInput(
                tableName: table, keyConditionExpression: "pk = :bucket AND \(condition)",
                expressionAttributeValues: [":bucket": .s(bucket), ":position": .n(String(position))], limit: limit, scanIndexForward: forward,
                consistentRead: true), rows: JSONItem.self)
        } catch {
            throw .unavailable(error.description)
        }
        return try page.items.map { (item) throws(FeedError) in try FeedItemLayout.entries(from: item.attributes) }
    }

    /// The events `entries` refer to, in the same order, from the events table; `corrupt` if one is missing.
    public func events(of entries: [FeedEntry]) async throws(FeedError) -> [StoredEvent] {
        var found: [String: StoredEvent] = [:]
        func key(_ stream: String, _ version: Int64) -> String { "\(version)#\(stream)" }
        // Eventually consistent first, at half the cost: an entry is written after its event, so it is rarely missed;
        // what is missed is read again strongly consistent.
        for consistent in [false, true] {
            let missing = entries.filter { found[key($0.streamID, $0.version)] == nil }
            guard !missing.isEmpty else { break }
            let items: [Item]
            do {
                items = try await client.batchGetItem(
                    table: eventsTable, keys: missing.map { AttributeValue.item(EventItemLayout.key(streamID: $0.streamID, version: $0.version)) },
                    consistentRead: consistent)
            } catch {
                throw .unavailable(error.description)
            }
            for item in items {
                do {
                    if let event = try EventItemLayout.event(from: JSON.attributes(item)) { found[key(event.streamID, event.version)] = event }
                } catch {
                    throw .events(error)
                }
            }
        }
        return try entries.map { (entry) throws(FeedError) -> StoredEvent in
            guard let event = found[key(entry.streamID, entry.version)], event.metadata.eventID == entry.eventID else {
                throw .corrupt("position \(entry.position) refers to event \(entry.version) of stream \(entry.streamID), which the events table does not hold")
            }
            return event
        }
    }
}
