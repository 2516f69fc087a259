import EventSourcing
import EventSourcingBankDomain
import EventSourcingDynamoDB
import EventSourcingTestSupport
import Foundation
import Testing

/// The bank's tables on moto, filled through the event store: accounts of a few owners, each with deposits.
private struct Bank {
    let client = Moto.client(retry: RetryPolicy(maxAttempts: 8))
    let eventsTable: String, projectionsTable: String, feedTable: String
    let events: DynamoDBEventStore
    let readModels: DynamoDBReadModelStore

    init(accounts: Int, eventsEach: Int) async throws {
        eventsTable = try await Moto.createTable(client, fromTemplate: "EventsTable")
        projectionsTable = try await Moto.createTable(client, fromTemplate: "ProjectionsTable")
        feedTable = try await Moto.createTable(client, fromTemplate: "FeedTable")
        events = DynamoDBEventStore(client: client, table: eventsTable)
        readModels = DynamoDBReadModelStore(client: client, table: projectionsTable)
        for number in 1...accounts {
            let stream = AccountID("acc-\(number)")!.streamID
            let history: [AccountEvent] = [.opened(.init(owner: "owner-\(number % 4)"))] + (1..<eventsEach).map { .deposited(.init(amount: Int64($0 * 10 + number))) }
            let stored = try history.enumerated().map { offset, event in
                try AccountEvent.serializer.serialize(event, metadata: EventMetadata(streamID: stream, version: Int64(offset + 1)))
            }
            try await events.append(stored, expectedVersion: 0, idempotency: nil)
        }
    }

    /// BankReplay with this bank's tables.
    func replay(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = ChildFunction.productsDirectory.appendingPathComponent("BankReplay")
        process.arguments = arguments + [
            "--endpoint", client.configuration.endpoint.absoluteString, "--region", "us-east-1", "--events-table", eventsTable,
            "--projections-table", projectionsTable, "--feed-table", feedTable,
        ]
        process.environment = ["PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs BankReplay to its end and returns its exit status.
    func replayToEnd(_ arguments: [String]) async throws -> Int32 {
        let process = try replay(arguments)
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }

    /// Kills BankReplay with SIGKILL once `started` says it has written something.
    func replayKilled(_ arguments: [String], once started: () async throws -> Bool) async throws {
        let process = try replay(arguments)
        while try await !started() {
            try #require(process.isRunning, "BankReplay ended before it could be killed (status \(process.terminationStatus))")
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
    }

    /// `projection` folded from every event in a fresh in-memory store; its documents by key.
    func fromScratch(_ projection: any Projection<AccountEvent>) async throws -> [String: StoredDocument] {
        let scratch = InMemoryReadModelStore()
        let projector = Projector(serializer: AccountEvent.serializer, eventStore: events, readModels: scratch, projections: [projection])
        var cursor: JSON?
        repeat {
            let page = try await events.scan(segment: 0, of: 1, after: cursor, limit: 1_000)
            let outcome = await projector.project(page.events.map(ProjectorRecord.event))
            #expect(outcome.failure == nil)
            cursor = page.cursor
        } while cursor != nil
        return Dictionary(uniqueKeysWithValues: scratch.all.filter { $0.id.readModel == type(of: projection).name }.map { ($0.id.key, $0) })
    }

    /// The documents stored under `name`, by key.
    func documents(_ name: String) async throws -> [String: StoredDocument] {
        Dictionary(uniqueKeysWithValues: try await readModels.documents(readModel: name).map { ($0.id.key, $0) })
    }
}

/// The same contents: bodies and versions applied (revisions count writes, which differ).
private func contents(_ documents: [String: StoredDocument]) -> [String: [JSON]] {
    documents.mapValues { [$0.body, .object($0.versions.mapValues { .number(String($0)) })] }
}

@Suite("BankReplay (scripts/rebuild, scripts/backfill) killed with SIGKILL and run again", .enabled(if: Moto.endpoint != nil && Moto.templateSettings != nil, Moto.skipReason))
struct ReplayToolTests {
    @Test("a rebuild of the owners' lists killed mid-way resumes from its checkpoint; the switched-to generation equals a from-scratch projection")
    func rebuildKilledAndResumed() async throws {
        let bank = try await Bank(accounts: 30, eventsEach: 8)
        let generations = ReadModelGenerations(store: bank.readModels, maximumStaleness: .zero)
        let arguments = ["rebuild", "--read-model", OwnerAccountsProjection.name, "--segments", "3", "--page-size", "8", "--budget", "40", "--settle", "0"]
        try await bank.replayKilled(arguments) {
            try await generations.stored(OwnerAccountsProjection.name).pointer.rebuild.map { $0.segments.contains { $0.events > 0 } } ?? false
        }
        let stopped = try await generations.stored(OwnerAccountsProjection.name).pointer
        #expect(stopped.current == 1 && stopped.rebuild?.isComplete == false)
        #expect(try await bank.replayToEnd(arguments) == 0)
        let pointer = try await generations.stored(OwnerAccountsProjection.name).pointer
        #expect(pointer.current == 2 && pointer.writing == [1, 2] && pointer.rebuild == nil)
        #expect(contents(try await bank.documents("owner-accounts#2")) == contents(try await bank.fromScratch(OwnerAccountsProjection())))
        #expect(try await bank.replayToEnd(["rebuild", "--read-model", OwnerAccountsProjection.name, "--switch-to", "1"]) == 0)
        #expect(try await generations.currentName(of: OwnerAccountsProjection.name) == OwnerAccountsProjection.name)
    }

    @Test("a back-fill of the daily totals killed mid-way resumes from its checkpoint and applies each event once")
    func backfillKilledAndResumed() async throws {
        let bank = try await Bank(accounts: 24, eventsEach: 6)
        let checkpoint = DocumentID(readModel: FeedSubscription<AccountEvent>.checkpointReadModel, key: OwnerDailyTotalsProjection.name)
        try await bank.replayKilled(["backfill", "--seed-feed", "--page-size", "5", "--budget", "30"]) {
            (try await bank.readModels.document(checkpoint)?.body.objectValue?["position"]?.int64Value ?? 0) > 0
        }
        #expect(try await bank.replayToEnd(["backfill"]) == 0)
        #expect(try await bank.readModels.document(checkpoint)?.body.objectValue?["position"]?.int64Value == 24 * 6)
        #expect(contents(try await bank.documents(OwnerDailyTotalsProjection.name)) == contents(try await bank.fromScratch(OwnerDailyTotalsProjection())))
    }
}
