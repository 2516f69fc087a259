import EventSourcing
import EventSourcingBankDomain
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import Foundation

// EventStoreBenchmark: what a command costs on DynamoDB (requests, bytes, RCU and WCU, counted by the client against
// the DynamoDB-compatible server at $DYNAMODB_ENDPOINT) at stream lengths from 10 to 10,000 events; what the
// projector costs per batch; and how fast events rehydrate in memory.

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
let loadRate = Double(count) / ((clock.now - start) / .seconds(1))
start = clock.now
let slice = try await memory.load(streamID: "memory", upTo: nil) { _ in true }
let storeRate = Double(count) / ((clock.now - start) / .seconds(1))
start = clock.now
let decoded = try slice.events.map { try serializer.deserialize($0) }
let decodeRate = Double(count) / ((clock.now - start) / .seconds(1))
start = clock.now
let folded = Counter().folding(decoded)
let foldRate = Double(count) / ((clock.now - start) / .seconds(1))
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

/// The capacity DynamoDB bills for what one command did, computed from item sizes by its rules (moto returns no
/// real ConsumedCapacity): a strongly consistent query costs 1 RCU per 4 KB of the items it returns (at least 1); a
/// write 1 WCU per KB of the item, twice that in a transaction.
func readUnits(_ items: [[String: JSON]]) -> Int { max(1, (items.reduce(0) { $0 + ItemSize.of($1) } + 4095) / 4096) }
func writeUnits(_ item: [String: JSON], transaction: Bool) -> Int { (ItemSize.of(item) + 1023) / 1024 * (transaction ? 2 : 1) }
/// The bytes of `items` as DynamoDB's JSON sends them, envelope aside.
func wireBytes(_ items: [[String: JSON]]) throws -> Int { try items.reduce(0) { $0 + (try JSONEncoder().encode(AttributeValue.item($1))).count } }

print("")
print("DynamoDB, one bank command (a deposit: load, decide, append one event) at each stream length, snapshots every")
print("100 events, counted by the client; RCU and WCU computed from the items by DynamoDB's rules:")
print("")
print("| stream length | events after the snapshot | requests (reads + writes) | bytes read | needed: snapshot + events after | read / needed | bytes written | RCU | WCU |")
print("|---|---|---|---|---|---|---|---|---|")
for length in [10, 100, 199, 1_000, 10_000] {
    let table = "bench-\(length)-\(UUID().uuidString.prefix(6))"
    try await EventSourcingTables.create(EventSourcingTables.events, named: table, client: client)
    let store = DynamoDBEventStore(client: client, table: table)
    let stream = AccountID("bench")!.streamID
    var state = Account()
    var snapshot: StoredSnapshot?
    for version in 1...length {
        let event: AccountEvent = version == 1 ? .opened(.init(owner: "owner-bench")) : .deposited(.init(amount: 100))
        let stored = try AccountEvent.serializer.serialize(event, metadata: EventMetadata(streamID: stream, version: Int64(version), commandID: UUID().uuidString.lowercased()))
        try await store.append([stored], expectedVersion: Int64(version - 1), idempotency: nil)
        state.apply(event)
        if version % 100 == 0 {
            // The snapshot the dispatcher would have written at each multiple of the interval.
            snapshot = StoredSnapshot(streamID: stream, version: Int64(version), schemaVersion: 1, state: try JSONValueEncoder().encodeObject(state))
            try await store.saveSnapshot(snapshot!)
        }
    }
    let repository = Repository<Account>(store: store, serializer: AccountEvent.serializer, snapshotInterval: 100)
    let after = try await store.events(streamID: stream, after: snapshot?.version ?? 0, upTo: nil, limit: nil)
    let neededItems = (snapshot.map { [EventItemLayout.item(for: $0)] } ?? []) + after.map(EventItemLayout.item(for:))
    let before = client.metrics.snapshot
    let result = try await CommandDispatcher(handler: AccountHandler(), repository: repository).dispatch(.deposit(Amount(cents: 100)!), to: stream)
    let command = client.metrics.snapshot.since(before)
    let appended = try await store.events(streamID: stream, after: result.version - 1, upTo: nil, limit: nil).map(EventItemLayout.item(for:))
    let writes = (command.requests["PutItem"] ?? 0) + (command.requests["TransactWriteItems"] ?? 0)
    let rcu = readUnits(snapshot.map { [EventItemLayout.item(for: $0)] } ?? []) + readUnits(after.map(EventItemLayout.item(for:)))
    let wcu = appended.reduce(0) { $0 + writeUnits($1, transaction: false) }
    let needed = try wireBytes(neededItems)
    print("| \(length) | \(after.count) | \(command.totalRequests) (\(command.totalRequests - writes) + \(writes)) | \(command.bytesReceived) | \(needed) | \(String(format: "%.2f", Double(command.bytesReceived) / Double(max(needed, 1))))× | \(command.bytesSent) | \(rcu) | \(wcu) |")
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
