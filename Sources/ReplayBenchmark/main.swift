import EventSourcing
import EventSourcingBankDomain
import EventSourcingDynamoDB
import Foundation
import Synchronization

// ReplayBenchmark: the bank's replay on DynamoDB (moto at $DYNAMODB_ENDPOINT): 1,000 accounts and 20,000 events
// indexed into the global feed from the table's stream, the owners' lists rebuilt from scratch (checked item for item
// against an in-memory projection of the same events), the same rebuild within a read budget, the owners' daily
// totals back-filled from the feed, and the feed's lag from append to position. Capacity units are computed from
// item sizes by DynamoDB's rules (moto's are placeholders); requests are counted by the client.

guard let endpoint = ProcessInfo.processInfo.environment["DYNAMODB_ENDPOINT"].flatMap(URL.init(string:)) else {
    print("DYNAMODB_ENDPOINT is not set (scripts/bench starts moto and sets it)")
    exit(1)
}
let client = DynamoDBClient(configuration: DynamoDBConfiguration(
    region: "us-east-1", endpoint: endpoint, credentials: AWSCredentials(accessKeyID: "AKIABENCH", secretAccessKey: "bench"),
    retry: RetryPolicy(maxAttempts: 8), requestTimeout: .seconds(120)))
let suffix = UUID().uuidString.prefix(6)
let eventsTable = "replay-events-\(suffix)", projectionsTable = "replay-projections-\(suffix)", feedTable = "replay-feed-\(suffix)"
try await EventSourcingTables.create(EventSourcingTables.events, named: eventsTable, client: client)
try await EventSourcingTables.create(EventSourcingTables.projections, named: projectionsTable, client: client)
try await EventSourcingTables.create(EventSourcingTables.feed, named: feedTable, client: client)
let events = DynamoDBEventStore(client: client, table: eventsTable)
let readModels = DynamoDBReadModelStore(client: client, table: projectionsTable)
let feed = EventFeed(store: DynamoDBFeedStore(client: client, table: feedTable, eventsTable: eventsTable), eventStore: events)
let clock = ContinuousClock()

/// A progress line, written at once (print buffers when the output is a file).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
func rate(_ count: Int, _ duration: Duration) -> String { String(Int((Double(count) / seconds(duration)).rounded())) }
func perThousand(_ value: Double, _ events: Int) -> String { String(format: "%.1f", value / Double(events) * 1_000) }
func requests(_ snapshot: DynamoDBMetrics.Snapshot) -> String {
    snapshot.requests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
}

// MARK: The bank: 1,000 accounts of 100 owners, 20 events each (opened, then deposits and withdrawals)

// `--accounts N` for a smaller run (the README's figures are for 1,000).
let arguments = CommandLine.arguments
let accounts = arguments.firstIndex(of: "--accounts").flatMap { Int(arguments[safe: $0 + 1] ?? "") } ?? 1_000
let eventsPerAccount = 20
var versions: [String: Int64] = [:]
var start = clock.now
for number in 1...accounts {
    let stream = AccountID("acc-\(number)")!.streamID
    let history: [AccountEvent] = [.opened(.init(owner: "owner-\(number % 100)"))] + (1..<eventsPerAccount).map {
        $0 % 4 == 0 ? .withdrawn(.init(amount: Int64($0))) : .deposited(.init(amount: Int64($0 * 10 + number % 7)))
    }
    // One event per append (a PutItem), as commands append them; moto copies a table for every transaction.
    for (offset, event) in history.enumerated() {
        try await events.append([try AccountEvent.serializer.serialize(event, metadata: EventMetadata(streamID: stream, version: Int64(offset + 1)))],
                                expectedVersion: Int64(offset), idempotency: nil)
    }
    versions[stream] = Int64(eventsPerAccount)
}
let total = accounts * eventsPerAccount
say("Seeded \(accounts) accounts, \(total) events in \(String(format: "%.1f", seconds(clock.now - start))) s.")

/// Every event, read once by a scan into memory: what the from-scratch projections fold.
func memoryCopy() async throws -> InMemoryEventStore {
    let copy = InMemoryEventStore()
    var cursor: JSON?
    repeat {
        let page = try await events.scan(segment: 0, of: 1, after: cursor, limit: 1_000)
        for event in page.events { try await copy.append([event], expectedVersion: event.version - 1, idempotency: nil) }
        cursor = page.cursor
    } while cursor != nil
    return copy
}

/// What a from-scratch projection of every event makes, in memory: the reference a rebuild must equal.
func fromScratch(_ projection: any Projection<AccountEvent>, of all: InMemoryEventStore) async throws -> [String: [JSON]] {
    let scratch = InMemoryReadModelStore()
    let projector = Projector(serializer: AccountEvent.serializer, eventStore: all, readModels: scratch, projections: [projection])
    for number in 1...accounts {
        let outcome = await projector.project(try await all.events(streamID: AccountID("acc-\(number)")!.streamID, after: 0, upTo: nil, limit: nil).map(ProjectorRecord.event))
        precondition(outcome.failure == nil, "the from-scratch projection failed: \(String(describing: outcome.failure))")
    }
    return contents(scratch.all.filter { $0.id.readModel == type(of: projection).name })
}

func contents(_ documents: [StoredDocument]) -> [String: [JSON]] {
    Dictionary(uniqueKeysWithValues: documents.map { ($0.id.key, [$0.body, .object($0.versions.mapValues { .number(String($0)) })]) })
}

// MARK: The feed, indexed from the table's stream in batches of 100 records (the template's BatchSize)

let streamARN = try await client.describeTable(eventsTable).latestStreamArn!
var iterators: [String: String] = [:]
for shard in try await client.describeStream(streamARN).shards {
    iterators[shard.shardId] = try await client.getShardIterator(streamARN: streamARN, shardID: shard.shardId, position: .trimHorizon)
}

/// Reads one page (at most 100 records, the template's BatchSize) of every shard and indexes it, as Lambda's poller
/// does; also how long indexing each batch took.
@MainActor func pollOnce() async throws -> (FeedIndexOutcome, [Duration]) {
    var outcome = FeedIndexOutcome()
    var steps: [Duration] = []
    for (shard, iterator) in iterators {
        let page = try await client.getRecords(shardIterator: iterator, limit: 100)
        if let next = page.nextShardIterator { iterators[shard] = next }
        guard !page.records.isEmpty else { continue }
        let step = clock.now
        let indexed = await feed.index(page.records)
        steps.append(clock.now - step)
        precondition(indexed.failure == nil, "indexing failed: \(String(describing: indexed.failure))")
        outcome.indexed += indexed.indexed
        outcome.commits += indexed.commits
        outcome.conflicts += indexed.conflicts
        outcome.writeUnits += indexed.writeUnits
    }
    return (outcome, steps)
}

var before = client.metrics.snapshot
start = clock.now
var bulkSteps: [Duration] = []
var indexed = FeedIndexOutcome()
while indexed.indexed < total {
    let (polled, steps) = try await pollOnce()
    bulkSteps += steps
    precondition(polled.indexed > 0 || indexed.indexed < total, "the stream ran dry at \(indexed.indexed) events")
    indexed.indexed += polled.indexed
    indexed.commits += polled.commits
    indexed.writeUnits += polled.writeUnits
}
let indexTime = clock.now - start
say("Indexed the feed from the stream in \(String(format: "%.1f", seconds(indexTime))) s.")
let indexCost = client.metrics.snapshot.since(before)
let feedHead = try await feed.store.head()
precondition(indexed.indexed == total && feedHead == Int64(total), "the feed holds \(indexed.indexed) of \(total) events")

// MARK: Rebuild the owners' lists from scratch, then again within a read budget

let allEvents = try await memoryCopy()
let expectedLists = try await fromScratch(OwnerAccountsProjection(), of: allEvents)

func rebuild(budget: Double?) async throws -> (RebuildProgress, DynamoDBMetrics.Snapshot) {
    var rebuild = ReadModelRebuild(
        projection: OwnerAccountsProjection(), serializer: AccountEvent.serializer, eventStore: events,
        generations: ReadModelGenerations(store: readModels, maximumStaleness: .zero))
    rebuild.settle = .zero
    rebuild.readBudget = budget.map { CapacityBudget(unitsPerSecond: $0) }
    let before = client.metrics.snapshot
    let done = try await rebuild.run()
    let cost = client.metrics.snapshot.since(before)
    let rebuilt = contents(try await readModels.documents(readModel: GenerationPointer.storedName(OwnerAccountsProjection.name, generation: done.target)))
    precondition(rebuilt == expectedLists, "the rebuilt owners' lists differ from a from-scratch projection")
    return (done, cost)
}

let (free, freeCost) = try await rebuild(budget: nil)
say("Rebuilt owner-accounts in \(String(format: "%.1f", seconds(free.elapsed))) s.")
// Readers switch to the rebuilt generation; the next rebuild fills another one.
try await ReadModelGenerations(store: readModels).switchTo(free.target, of: OwnerAccountsProjection.name)
let freeRate = free.capacity.readUnits / seconds(free.elapsed)
let budget = (freeRate / 2).rounded()
let (paced, pacedCost) = try await rebuild(budget: budget)
say("Rebuilt owner-accounts within \(Int(budget)) RCU/s in \(String(format: "%.1f", seconds(paced.elapsed))) s.")

// MARK: Back-fill the owners' daily totals from the feed

var subscription = FeedSubscription(
    name: OwnerDailyTotalsProjection.name, feed: feed, serializer: AccountEvent.serializer, readModels: readModels, projections: [OwnerDailyTotalsProjection()])
subscription.pageSize = 100
before = client.metrics.snapshot
let backfilled = try await subscription.catchUp()
let backfillCost = client.metrics.snapshot.since(before)
say("Back-filled owner-daily-totals in \(String(format: "%.1f", seconds(backfilled.elapsed))) s.")
precondition(backfilled.position == Int64(total), "the back-fill stopped at \(backfilled.position)")
let dailyTotals = contents(try await readModels.documents(readModel: OwnerDailyTotalsProjection.name))
let expectedTotals = try await fromScratch(OwnerDailyTotalsProjection(), of: allEvents)
precondition(dailyTotals == expectedTotals, "the back-filled daily totals differ from a from-scratch projection")

// MARK: Feed lag: appends at a steady pace, the stream polled four times a second as Lambda does, a reader at the head

let lagEvents = 200
/// When each event was appended, and when a reader first saw it at its position.
final class Timeline: Sendable {
    let appended = Mutex<[String: ContinuousClock.Instant]>([:])
    let seen = Mutex<[String: ContinuousClock.Instant]>([:])
}
let timeline = Timeline()
let head = try await feed.store.head()
let startVersions = versions
async let writer: Void = {
    var versions = startVersions
    for number in 1...lagEvents {
        let stream = AccountID("acc-\(number * 7 % accounts + 1)")!.streamID
        let version = versions[stream]! + 1
        versions[stream] = version
        let event = try AccountEvent.serializer.serialize(.deposited(.init(amount: 1)), metadata: EventMetadata(streamID: stream, version: version))
        try await events.append([event], expectedVersion: version - 1, idempotency: nil)
        timeline.appended.withLock { $0[event.metadata.eventID] = ContinuousClock.now }
        try await Task.sleep(for: .milliseconds(50))
    }
}()
async let reader: Void = {
    var position = head
    while position < head + Int64(lagEvents) {
        let page = try await feed.read(from: position, limit: 100)
        let now = ContinuousClock.now
        timeline.seen.withLock { seen in for item in page { seen[item.event.metadata.eventID] = now } }
        position += Int64(page.count)
        if page.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
    }
}()
var indexSteps: [Duration] = []
while timeline.seen.withLock({ $0.count }) < lagEvents {
    indexSteps += try await pollOnce().1
    try await Task.sleep(for: .milliseconds(250))
}
try await writer
try await reader
let seenAt = timeline.seen.withLock { $0 }
let lags = timeline.appended.withLock { $0 }.map { seconds(seenAt[$0.key]! - $0.value) * 1_000 }.sorted()
func percentile(_ values: [Double], _ p: Double) -> String { String(format: "%.0f", values[min(values.count - 1, Int(Double(values.count) * p))]) }
let steps = indexSteps.map { seconds($0) * 1_000 }.sorted()

// MARK: Report

print("")
print("Rebuild (\(total) events of \(accounts) accounts, owner-accounts from scratch, 4 segments, pages of 1,000 items; moto, one request at a time):")
print("")
print("| figure | no budget | budget \(Int(budget)) RCU/s |")
print("|---|---|---|")
print("| events per second | \(rate(free.eventsThisRun, free.elapsed)) | \(rate(paced.eventsThisRun, paced.elapsed)) |")
print("| read units per second, measured | \(String(format: "%.0f", freeRate)) | \(String(format: "%.0f", paced.capacity.readUnits / seconds(paced.elapsed))) |")
print("| requests per 1,000 events | \(perThousand(Double(freeCost.totalRequests), total)) | \(perThousand(Double(pacedCost.totalRequests), total)) |")
print("| RCU per 1,000 events (scan, documents, events read) | \(perThousand(free.capacity.readUnits, total)) | \(perThousand(paced.capacity.readUnits, total)) |")
print("| WCU per 1,000 events (documents, checkpoints aside) | \(perThousand(free.capacity.writeUnits, total)) | \(perThousand(paced.capacity.writeUnits, total)) |")
print("| requests | \(requests(freeCost)) | \(requests(pacedCost)) |")
print("")
print("The global feed and a back-fill from it (\(total) events):")
print("")
print("| figure | value |")
print("|---|---|")
print("| indexing from the stream: events per second | \(rate(indexed.indexed, indexTime)) |")
print("| indexing: requests per 1,000 events | \(perThousand(Double(indexCost.totalRequests), total)) (\(requests(indexCost))) |")
print("| indexing: transactions, WCU per 1,000 events | \(indexed.commits), \(perThousand(indexed.writeUnits, total)) |")
print("| back-fill of owner-daily-totals: events per second | \(rate(backfilled.eventsThisRun, backfilled.elapsed)) |")
print("| back-fill: requests per 1,000 events | \(perThousand(Double(backfillCost.totalRequests), total)) (\(requests(backfillCost))) |")
print("| back-fill: RCU, WCU per 1,000 events | \(perThousand(backfilled.capacity.readUnits, total)), \(perThousand(backfilled.capacity.writeUnits, total)) |")
print("| feed lag, append → position visible to a reader, median / p90 / max (ms; \(lagEvents) appends 50 ms apart, the stream polled every 250 ms, the reader every 50 ms) | \(percentile(lags, 0.5)) / \(percentile(lags, 0.9)) / \(percentile(lags, 1)) |")
print("| of which indexing one polled batch, median / max (ms) | \(percentile(steps, 0.5)) / \(percentile(steps, 1)) |")
print("| indexing one batch of 100 records in bulk, median / max (ms) | \(percentile(bulkSteps.map { seconds($0) * 1_000 }.sorted(), 0.5)) / \(percentile(bulkSteps.map { seconds($0) * 1_000 }.sorted(), 1)) |")

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
