import EventSourcingDynamoDBClient
import EventSourcingLambda
@testable import EventSourcingLocalEnvironment
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Synchronization
import Testing

/// A function that takes every batch, except that any batch holding a record whose `pk` is in `failing` makes it
/// fail (a function error). It records each batch it was given, by `pk`.
final class ScriptedFunction: InvocationTarget {
    let name = "Scripted"
    let failing: Set<String>
    private let seen = Mutex<[[String]]>([])

    init(failing: Set<String>) {
        self.failing = failing
    }

    var batches: [[String]] { seen.withLock { $0 } }

    func invoke(_ event: [UInt8]) async -> InvocationResult {
        guard let records = try? JSONDecoder().decode(DynamoDBStreamEvent.self, from: Data(event)).records else {
            return .error(type: "Scripted.BadEvent", body: [])
        }
        let keys = records.map { $0.dynamodb.keys["pk"]?.stringValue ?? "?" }
        seen.withLock { $0.append(keys) }
        return keys.contains(where: failing.contains) ? .error(type: "Scripted.Poison", body: Array(#"{"errorMessage":"poison"}"#.utf8)) : .response(Array("{}".utf8))
    }
}

func mapping(
    batchSize: Int = 100, retries: Int = 2, bisect: Bool = true, maximumAge: Int = -1, start: String = "TRIM_HORIZON"
) -> TemplateSettings.StreamMapping {
    TemplateSettings.StreamMapping(
        function: "Scripted", table: "t", startingPosition: start, batchSize: batchSize, maximumBatchingWindowInSeconds: 0,
        reportBatchItemFailures: true, bisectBatchOnFunctionError: bisect, maximumRetryAttempts: retries, maximumRecordAgeInSeconds: maximumAge)
}

/// A table with a stream holding one item per `keys` entry (`pk` = the key), and its stream's ARN.
func streamTable(_ client: DynamoDBClient, _ keys: [String]) async throws -> (table: String, arn: String) {
    let table = try await Moto.createTable(client, prefix: "poll", stream: true)
    for (index, pk) in keys.enumerated() {
        _ = try await client.putItem(PutItemInput(tableName: table, item: ["pk": .s(pk), "sk": .n(String(index))]))
    }
    return (table, try #require(try await client.describeTable(table).latestStreamArn))
}

/// A poller over `arn` for `function`, retrying after 10 ms, dead letters in a file of its own.
func poller(_ mapping: TemplateSettings.StreamMapping, _ arn: String, _ client: DynamoDBClient, _ function: ScriptedFunction, _ console: ConsoleCapture) throws -> (StreamPoller, URL) {
    let deadLetters = temporaryFile("dead-letters")
    var configuration = StreamPoller.Configuration(mapping: mapping)
    configuration.retryDelay = .milliseconds(10)
    let poller = StreamPoller(
        configuration: configuration, streamARN: arn, client: client, target: function,
        deadLetters: try DeadLetterFile(url: deadLetters), log: console.log)
    return (poller, deadLetters)
}

func temporaryFile(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).jsonl")
}

/// Waits (up to `timeout` seconds) until `condition` holds.
func eventually(timeout: Double = 20, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = Date(timeIntervalSinceNow: timeout)
    while Date() < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

@Suite("The stream poller reads a stream as Lambda's event source mapping does", .enabled(if: Moto.endpoint != nil, Moto.skipReason))
struct StreamPollerTests {
    @Test("a function error splits the batch until the bad record is alone; it alone is retried and then dead-lettered")
    func bisect() async throws {
        let client = Moto.client()
        let (_, arn) = try await streamTable(client, ["a", "b", "c", "poison", "d", "e", "f"])
        let console = ConsoleCapture()
        let function = ScriptedFunction(failing: ["poison"])
        let (poller, deadLetters) = try poller(mapping(retries: 2), arn, client, function, console)
        poller.start()
        #expect(await eventually { poller.statistics.recordsDelivered + poller.statistics.recordsDeadLettered == 7 })
        await poller.stop()

        // 7 → 3 + 4 → [a] [b c] → [b] [c]… the poison's half splits until it is alone, then 1 + 2 retries.
        let batches = function.batches
        #expect(batches.first == ["a", "b", "c", "poison", "d", "e", "f"])
        #expect(batches.filter { $0 == ["poison"] }.count == 3)
        #expect(Set(batches.filter { !$0.contains("poison") }.flatMap { $0 }) == ["a", "b", "c", "d", "e", "f"])
        #expect(poller.statistics == .init(invocations: batches.count, recordsDelivered: 6, recordsDeadLettered: 1))

        let entries = try DeadLetterFile.entries(at: deadLetters)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.records.map { $0.dynamodb.keys["pk"]?.stringValue } == ["poison"])
        #expect(entry.requestContext.condition == "RetryAttemptsExhausted" && entry.requestContext.approximateInvokeCount == 3)
        #expect(entry.responseContext.functionError == "Unhandled" && entry.reason.contains("Scripted.Poison"))
        #expect(entry.ddbStreamBatchInfo.batchSize == 1 && entry.ddbStreamBatchInfo.streamArn == arn)
        #expect(entry.ddbStreamBatchInfo.startSequenceNumber == entry.records[0].dynamodb.sequenceNumber)
        #expect(console.lines.contains { $0.hasPrefix("[poller] gave up on 1 record") })
    }

    @Test("without bisecting, a failing batch is retried whole and then dead-lettered whole; records after it still flow")
    func wholeBatch() async throws {
        let client = Moto.client()
        let (table, arn) = try await streamTable(client, ["a", "poison", "b"])
        let console = ConsoleCapture()
        let function = ScriptedFunction(failing: ["poison"])
        let (poller, deadLetters) = try poller(mapping(batchSize: 3, retries: 1, bisect: false), arn, client, function, console)
        poller.start()
        #expect(await eventually { poller.statistics.recordsDeadLettered == 3 })
        _ = try await client.putItem(PutItemInput(tableName: table, item: ["pk": .s("later"), "sk": .n("9")]))
        #expect(await eventually { function.batches.last == ["later"] })
        await poller.stop()
        #expect(function.batches == [["a", "poison", "b"], ["a", "poison", "b"], ["later"]])
        let entry = try #require(try DeadLetterFile.entries(at: deadLetters).first)
        #expect(entry.records.count == 3 && entry.requestContext.approximateInvokeCount == 2)
    }

    @Test("records older than MaximumRecordAgeInSeconds are dead-lettered at their first failure, retries left or not")
    func recordAge() async throws {
        let client = Moto.client()
        let (_, arn) = try await streamTable(client, ["poison"])
        let console = ConsoleCapture()
        let function = ScriptedFunction(failing: ["poison"])
        let (poller, deadLetters) = try poller(mapping(retries: 100, maximumAge: 0), arn, client, function, console)
        poller.start()
        #expect(await eventually { poller.statistics.recordsDeadLettered == 1 })
        await poller.stop()
        #expect(function.batches == [["poison"]])
        let entry = try #require(try DeadLetterFile.entries(at: deadLetters).first)
        #expect(entry.requestContext.condition == "RecordAgeExceeded" && entry.requestContext.approximateInvokeCount == 1)
        #expect(entry.ddbStreamBatchInfo.approximateArrivalOfFirstRecord != nil)
    }

    @Test("StartingPosition LATEST skips what the stream held before the poller started")
    func latest() async throws {
        let client = Moto.client()
        let (table, arn) = try await streamTable(client, ["old-1", "old-2"])
        let console = ConsoleCapture()
        let function = ScriptedFunction(failing: [])
        let (poller, _) = try poller(mapping(start: "LATEST"), arn, client, function, console)
        poller.start()
        // The iterator is taken at the first poll, right after start; give it ample time before writing.
        try await Task.sleep(for: .seconds(1))
        _ = try await client.putItem(PutItemInput(tableName: table, item: ["pk": .s("new"), "sk": .n("9")]))
        #expect(await eventually { poller.statistics.recordsDelivered == 1 })
        await poller.stop()
        #expect(function.batches == [["new"]])
    }

    @Test("a dead-letter file that cannot be opened is a clear error")
    func unwritableDeadLetters() {
        let error = #expect(throws: LocalEnvironmentError.self) {
            try DeadLetterFile(url: URL(fileURLWithPath: "/proc/no-such-directory/dead-letters.jsonl"))
        }
        #expect(error == .deadLetterFile("/proc/no-such-directory/dead-letters.jsonl", "No such file or directory"))
    }

    @Test("a partial batch response is read as Lambda reads it")
    func partialBatchResponses() {
        let records = (1...3).map { number in
            StreamRecord(eventID: "e\(number)", eventName: .insert, dynamodb: .init(keys: [:], sequenceNumber: "\(number)00"))
        }[...]
        func outcome(_ json: String) -> StreamPoller.Outcome { StreamPoller.outcome(of: Array(json.utf8), for: records) }
        // Success: an empty or absent list, null, an empty object.
        for json in [#"{"batchItemFailures": []}"#, #"{"batchItemFailures": null}"#, "{}", "null", #"{"other": 1}"#] {
            #expect(outcome(json) == .success, "\(json)")
        }
        // The lowest failed sequence number is where the retry starts.
        #expect(outcome(#"{"batchItemFailures": [{"itemIdentifier": "300"}, {"itemIdentifier": "200"}]}"#)
            == .failed(from: 1, reason: "record 200 reported as failed"))
        // An identifier that is empty, missing, not a string or not in the batch fails the whole batch.
        for json in [
            #"{"batchItemFailures": [{"itemIdentifier": ""}]}"#, #"{"batchItemFailures": [{"itemIdentifier": null}]}"#,
            #"{"batchItemFailures": [{"id": "200"}]}"#, #"{"batchItemFailures": [{"itemIdentifier": 200}]}"#,
            #"{"batchItemFailures": [{"itemIdentifier": "999"}]}"#, #"{"batchItemFailures": "200"}"#, "not json",
        ] {
            guard case .failed(from: 0, _) = outcome(json) else {
                Issue.record("\(json) should fail the whole batch, got \(outcome(json))")
                continue
            }
        }
    }

    @Test("a slice of a batch reports indexes from its own start")
    func sliceIndexes() {
        let records = (1...4).map { StreamRecord(eventID: "e\($0)", eventName: .insert, dynamodb: .init(keys: [:], sequenceNumber: "\($0)")) }
        let outcome = StreamPoller.outcome(of: Array(#"{"batchItemFailures": [{"itemIdentifier": "4"}]}"#.utf8), for: records[2...])
        #expect(outcome == .failed(from: 1, reason: "record 4 reported as failed"))
    }
}
