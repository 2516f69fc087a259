import EventSourcing
import EventSourcingBankDomain
import EventSourcingDynamoDB
import Foundation
import Synchronization

// BankReplay: the bank's read models rebuilt from the whole event store (scripts/rebuild) and back-filled from the
// global feed (scripts/backfill), against DynamoDB or moto with the same flags. See README "Rebuilding a read model"
// and "The global feed".

let environment = ProcessInfo.processInfo.environment
let options: ReplayOptions
do {
    options = try ReplayOptions(CommandLine.arguments.dropFirst(), environment: environment)
} catch {
    FileHandle.standardError.write(Data("BankReplay: \(error)\n\n\(ReplayOptions.usage)\n".utf8))
    exit(2)
}
if options.help {
    print(ReplayOptions.usage)
    exit(0)
}

/// Says `message` on stderr and exits 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("BankReplay: \(message)\n".utf8))
    exit(1)
}

let credentials: AWSCredentials
if let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] {
    credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
} else if ["127.0.0.1", "localhost"].contains(options.endpoint.host ?? "") {
    credentials = AWSCredentials(accessKeyID: "AKIALOCALREPLAY", secretAccessKey: "local-replay-secret")
} else {
    fail("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)")
}
let client = DynamoDBClient(configuration: DynamoDBConfiguration(
    region: options.region, endpoint: options.endpoint, credentials: credentials, retry: RetryPolicy(maxAttempts: 8), requestTimeout: .seconds(30)))
let events = DynamoDBEventStore(client: client, table: options.eventsTable)
let readModels = DynamoDBReadModelStore(client: client, table: options.projectionsTable)
let generations = ReadModelGenerations(store: readModels, maximumStaleness: .zero)
let projection = ReplayOptions.projections[options.readModel]!
let budget = options.budget.map { CapacityBudget(unitsPerSecond: $0) }

/// Prints a line at most every two seconds, and the last one always.
let printed = Mutex(ContinuousClock.now - .seconds(10))
func report(_ line: String, always: Bool = false) {
    let now = ContinuousClock.now
    let due = printed.withLock { last in
        guard always || last.duration(to: now) >= .seconds(2) else { return false }
        last = now
        return true
    }
    if due { print(line) }
}

func describe(_ pointer: GenerationPointer) -> String {
    var text = "\(options.readModel): readers read generation \(pointer.current); written: \(pointer.writing.map(String.init).joined(separator: ", "))"
    if let rebuild = pointer.rebuild {
        let done = rebuild.segments.filter(\.finished).count
        text += "; rebuilding generation \(rebuild.target): \(done)/\(rebuild.segments.count) segments, \(rebuild.segments.reduce(0) { $0 + $1.events }) events so far"
    }
    return text
}

do {
    switch (options.command, options.action) {
    case (.rebuild, .status):
        print(describe(try await generations.stored(options.readModel).pointer))
    case (.rebuild, .switchTo(let generation)):
        try await generations.switchTo(generation, of: options.readModel)
        print(describe(try await generations.stored(options.readModel).pointer))
    case (.rebuild, .retire(let generation)):
        try await generations.retire(generation, of: options.readModel)
        print(describe(try await generations.stored(options.readModel).pointer))
    case (.rebuild, .run):
        var rebuild = ReadModelRebuild(projection: projection, serializer: AccountEvent.serializer, eventStore: events, generations: generations)
        rebuild.segments = options.segments
        rebuild.pageSize = options.pageSize
        rebuild.readBudget = budget
        rebuild.settle = options.settle
        print("rebuilding \(options.readModel) from \(options.eventsTable) into \(options.projectionsTable)\(options.budget.map { ", at most \($0) read units per second" } ?? ""); waiting \(options.settle) for the functions to write the new generation too")
        let done = try await rebuild.run { progress in if !progress.isComplete { report("  \(progress)") } }
        report("  \(done)", always: true)
        let perThousand = { (units: Double) in String(format: "%.1f", units / Double(max(1, done.eventsThisRun)) * 1_000) }
        print("  capacity: \(perThousand(done.capacity.readUnits)) read units and \(perThousand(done.capacity.writeUnits)) write units per 1,000 events")
        if options.switchAfter {
            let previous = try await generations.stored(options.readModel).pointer.current
            try await generations.switchTo(done.target, of: options.readModel)
            print("switched \(options.readModel) to generation \(done.target); generation \(previous) is still written: --switch-to \(previous) rolls back, --retire \(previous) stops writing it")
        } else {
            print("generation \(done.target) is complete and written; --switch-to \(done.target) makes it the one read")
        }
    case (.backfill, _):
        let feed = EventFeed(store: DynamoDBFeedStore(client: client, table: options.feedTable, eventsTable: options.eventsTable), eventStore: events)
        if options.seedFeed {
            print("indexing into \(options.feedTable) every event of \(options.eventsTable) it lacks")
            let seeded = try await feed.seed(from: events, budget: budget)
            print("  \(seeded.indexed) events indexed, \(seeded.duplicates) already there")
        }
        var subscription = FeedSubscription(
            name: options.readModel, feed: feed, serializer: AccountEvent.serializer, readModels: readModels, projections: [projection], readBudget: budget)
        subscription.pageSize = options.pageSize
        print("back-filling \(options.readModel) from \(options.feedTable), from position \(try await subscription.position())")
        if options.follow {
            try await subscription.follow { report("  \($0)") }
        } else {
            let done = try await subscription.catchUp { report("  \($0)") }
            report("caught up: \(done)", always: true)
        }
    }
} catch {
    fail("\(error)")
}
