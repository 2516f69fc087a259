import EventSourcing
import EventSourcingBankDomain
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import Foundation

// EventStoreBenchmark: what a command and a load cost on DynamoDB (requests and bytes, counted by the client,
// against the DynamoDB-compatible server at $DYNAMODB_ENDPOINT), for streams of 10, 1,000 and 10,000 events,
// with and without snapshots; and how fast events rehydrate in memory.

struct Counted: EventPayload { static let eventType = "Counted"; var amount: Int }

struct Counter: Aggregate {
    var total = 0
    mutating func apply(_ event: Counted) { total += event.amount }
}

struct Add: CommandHandler {
    func handle(_ command: Int, state: Counter, version: Int64) throws(Never) -> [Counted] { [Counted(amount: command)] }
}

let serializer = EventSerializer<Counted>(payload: { $0 }).registering(Counted.self) { $0 }

func event(_ stream: String, _ version: Int64) -> StoredEvent {
    StoredEvent(type: "Counted", schemaVersion: 1, payload: ["amount": .number("1")], metadata: EventMetadata(streamID: stream, version: version))
}

func kilobytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1024) }

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

// MARK: In memory

let memory = InMemoryEventStore()
let count = 1_000_000
var version: Int64 = 0
while version < Int64(count) {
    let batch = (1...100).map { event("memory", version + Int64($0)) }
    try await memory.append(batch, expectedVersion: version, idempotency: nil)
    version += 100
}
let clock = ContinuousClock()
var start = clock.now
let loaded = try await Repository<Counter>(store: memory, serializer: serializer, snapshotInterval: 0).load("memory")
let loadRate = Double(count) / seconds(clock.now - start)
start = clock.now
let slice = try await memory.load(streamID: "memory", upTo: nil) { _ in true }
let storeRate = Double(count) / seconds(clock.now - start)
start = clock.now
let decoded = try slice.events.map { try serializer.deserialize($0) }
let decodeRate = Double(count) / seconds(clock.now - start)
start = clock.now
let folded = Counter().folding(decoded)
let foldRate = Double(count) / seconds(clock.now - start)
precondition(loaded.state.total == count && folded.total == count)
print("In memory (\(count) small events):")
print("")
print("| figure | events per second |")
print("|---|---|")
print("| load: items → events → state (InMemoryEventStore + serializer + fold) | \(Int(loadRate)) |")
print("| store only: InMemoryEventStore.load (stored events, no decoding) | \(Int(storeRate)) |")
print("| decode only: EventSerializer (payload items → Swift events, Codable) | \(Int(decodeRate)) |")
print("| fold only (decoded events → state) | \(Int(foldRate)) |")

// MARK: DynamoDB

guard let endpoint = ProcessInfo.processInfo.environment["DYNAMODB_ENDPOINT"].flatMap(URL.init(string:)) else {
    print("\nDYNAMODB_ENDPOINT is not set: skipping the DynamoDB figures (scripts/bench starts moto and sets it).")
    exit(0)
}
let client = DynamoDBClient(configuration: DynamoDBConfiguration(
    region: "us-east-1", endpoint: endpoint, credentials: AWSCredentials(accessKeyID: "AKIABENCH", secretAccessKey: "bench"),
    requestTimeout: .seconds(60)))

print("")
print("DynamoDB, per command (load, decide, append one event) and per load, counted by the client:")
print("")
print("| stream length | snapshots | command: requests (reads + writes) | command: KB sent / received | load: requests | load: KB received | load: events folded |")
print("|---|---|---|---|---|---|---|")
for length in [10, 1_000, 10_000] {
    let table = "bench-\(length)-\(UUID().uuidString.prefix(6))"
    try await EventSourcingTables.create(EventSourcingTables.events, named: table, client: client)
    for interval in [0, 100] {
        let store = DynamoDBEventStore(client: client, table: table, pageSize: interval == 0 ? 1_000 : interval + 1)
        let stream = "s-\(interval)"
        for version in 1...length { try await store.append([event(stream, Int64(version))], expectedVersion: Int64(version - 1), idempotency: nil) }
        let repository = Repository<Counter>(store: store, serializer: serializer, snapshotInterval: interval)
        if interval > 0, length >= interval {
            // The snapshot the dispatcher would have written at the last multiple of the interval.
            let at = Int64(length / interval * interval)
            let state = try await Repository<Counter>(store: store, serializer: serializer, snapshotInterval: 0).load(stream, at: at).state
            try await store.saveSnapshot(StoredSnapshot(streamID: stream, version: at, schemaVersion: 1, state: try JSONValueEncoder().encodeObject(state)))
        }
        let dispatcher = CommandDispatcher(handler: Add(), repository: repository)
        var before = client.metrics.snapshot
        _ = try await dispatcher.dispatch(1, to: stream)
        let command = client.metrics.snapshot.since(before)
        before = client.metrics.snapshot
        let result = try await repository.load(stream)
        let load = client.metrics.snapshot.since(before)
        let writes = (command.requests["PutItem"] ?? 0) + (command.requests["TransactWriteItems"] ?? 0)
        print("| \(length) | \(interval == 0 ? "off" : "every \(interval)") | \(command.totalRequests) (\(command.totalRequests - writes) + \(writes)) | \(kilobytes(command.bytesSent)) / \(kilobytes(command.bytesReceived)) | \(load.totalRequests) | \(kilobytes(load.bytesReceived)) | \(result.eventsRead) |")
    }
}

// MARK: The application: CommandFunction's commands and StreamProjector's batches

let eventsTable = "app-events-\(UUID().uuidString.prefix(6))"
let projectionsTable = "app-projections-\(UUID().uuidString.prefix(6))"
try await EventSourcingTables.create(EventSourcingTables.events, named: eventsTable, client: client)
try await EventSourcingTables.create(EventSourcingTables.projections, named: projectionsTable, client: client)
let accountEvents = DynamoDBEventStore(client: client, table: eventsTable, pageSize: 101)
let accountDispatcher = CommandDispatcher(
    handler: AccountHandler(), repository: Repository<Account>(store: accountEvents, serializer: AccountEvent.serializer, snapshotInterval: 100))
let accountIDs = (1...5).map { AccountID("bench-\($0)")! }
var before = client.metrics.snapshot
for id in accountIDs { _ = try await accountDispatcher.dispatch(.open(owner: "owner-\(id.rawValue.suffix(1) == "5" ? "b" : "a")"), to: id.streamID) }
for index in 0..<95 { _ = try await accountDispatcher.dispatch(.deposit(Amount(cents: 10)!), to: accountIDs[index % 5].streamID) }
let commands = client.metrics.snapshot.since(before)

func records(_ stored: [StoredEvent]) -> [ProjectorRecord] {
    stored.enumerated().map { offset, event in
        let item = AttributeValue.item(EventItemLayout.item(for: event))
        return ProjectorRecord(StreamRecord(eventID: "\(offset)", eventName: .insert, dynamodb: .init(keys: ["pk": item["pk"]!, "sk": item["sk"]!], newImage: item, sequenceNumber: String(offset + 1))))
    }
}
var all: [StoredEvent] = []
for id in accountIDs { all += try await accountEvents.events(streamID: id.streamID, after: 0, upTo: nil, limit: nil) }
all.sort { $0.metadata.timestamp < $1.metadata.timestamp }
let projector = Projector(
    serializer: AccountEvent.serializer, eventStore: accountEvents, readModels: DynamoDBReadModelStore(client: client, table: projectionsTable),
    projections: BankAPI.projections)
before = client.metrics.snapshot
let batchOutcome = await projector.project(records(all))
let batch = client.metrics.snapshot.since(before)
precondition(batchOutcome.failure == nil && batchOutcome.applied == 2 * all.count)

print("")
print("The application on DynamoDB (moto), counted by the client: 100 commands on 5 accounts of 2 owners, then those 100")
print("events projected as one stream batch:")
print("")
print("| figure | value |")
print("|---|---|")
print("| requests per command (load + append) | \(String(format: "%.2f", Double(commands.totalRequests) / 100)) |")
print("| projector: requests for the batch of \(all.count) events | \(batch.totalRequests) (\(batch.requests.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))) |")
print("| projector: writes for the batch (one per document: 5 summaries, 2 owner lists) | \(batchOutcome.documentsWritten) |")
print("| projector: requests per projected event | \(String(format: "%.2f", Double(batch.totalRequests) / Double(all.count))) |")
