import EventSourcingDynamoDBClient
import EventSourcingLambda
import EventSourcingLocalRuntimeAPI
import Foundation
import Synchronization

/// The local stand-in for a DynamoDB stream event source mapping: reads the stream's shards and invokes the
/// function with batches of records, with the mapping's semantics from `template.yaml`:
///
/// - batches of up to `batchSize` records, gathered for up to `maximumBatchingWindowInSeconds`; shards polled four
///   times a second, each shard's records delivered in order;
/// - with `ReportBatchItemFailures`, the records before the lowest reported sequence number are done and the batch
///   is retried from it; an empty or absent list is success, an unknown or empty identifier fails the whole batch;
/// - a function error (an error, a timeout, an oversized response) splits the batch in two when
///   `bisectBatchOnFunctionError` is set (a split costs no retry), else the batch is retried;
/// - retries back off (`retryDelay`, doubling up to `maximumRetryDelay`); after `maximumRetryAttempts`, or once the
///   oldest record is older than `maximumRecordAgeInSeconds`, the records left are written to the dead-letter file,
///   reported in the log, and the poller goes on after them.
public final class StreamPoller: Sendable {
    /// The mapping and the poller's timings.
    public struct Configuration: Sendable {
        /// The stream mapping, as the template declares it.
        public var mapping: TemplateSettings.StreamMapping
        /// How long the poller waits before reading the shards again after a round that delivered nothing.
        public var pollInterval: Duration = .milliseconds(250)
        /// The wait before the first retry of a failed batch; it doubles with each retry.
        public var retryDelay: Duration = .milliseconds(100)
        /// The longest wait between retries.
        public var maximumRetryDelay: Duration = .seconds(2)
        /// How often the shard list is read again (new shards appear as the stream grows).
        public var shardRefreshInterval: Duration = .seconds(10)

        /// The poller's default timings for `mapping`.
        public init(mapping: TemplateSettings.StreamMapping) {
            self.mapping = mapping
        }
    }

    /// What the poller has done so far.
    public struct Statistics: Sendable, Equatable {
        /// Invocations of the function so far.
        public var invocations = 0
        /// Records the function took successfully so far.
        public var recordsDelivered = 0
        /// Records written to the dead-letter file.
        public var recordsDeadLettered = 0
    }

    /// The mapping and timings it runs with.
    public let configuration: Configuration
    /// The stream it reads.
    public let streamARN: String
    private let client: DynamoDBClient
    private let target: any InvocationTarget
    private let deadLetters: DeadLetterFile
    private let log: ConsoleLog
    private let counters = Mutex(Statistics())
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// A poller of `streamARN` that invokes `target` and writes what it gives up to `deadLetters`; `start` starts it.
    public init(
        configuration: Configuration, streamARN: String, client: DynamoDBClient, target: any InvocationTarget,
        deadLetters: DeadLetterFile, log: ConsoleLog
    ) {
        self.configuration = configuration
        self.streamARN = streamARN
        self.client = client
        self.target = target
        self.deadLetters = deadLetters
        self.log = log
    }

    /// What it has done so far.
    public var statistics: Statistics { counters.withLock { $0 } }

    /// Starts polling in the background.
    public func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { await self.run() }
        }
    }

    /// Stops polling and waits until the poller has stopped (a batch being retried is abandoned, not discarded).
    public func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }

    // MARK: - Polling

    private struct Shard {
        var id: String
        /// Where the next read starts; nil when one must be got (at first, or after a failed read).
        var iterator: String?
        /// The last sequence number read, to get a new iterator after it when one fails.
        var lastRead: String?
        /// The shard is closed and every record in it has been read.
        var ended = false
        /// Read and not yet delivered.
        var buffer: [StreamRecord] = []
        var bufferedSince: ContinuousClock.Instant?

        /// Nothing more will come from this shard.
        var finished: Bool { ended && buffer.isEmpty }
    }

    private func run() async {
        var shards: [Shard] = []
        var refreshed: ContinuousClock.Instant?
        while !Task.isCancelled {
            if refreshed.map({ ContinuousClock.now - $0 >= configuration.shardRefreshInterval }) ?? true {
                do {
                    for shard in try await client.describeStream(streamARN).shards where !shards.contains(where: { $0.id == shard.shardId }) {
                        shards.append(Shard(id: shard.shardId))
                    }
                    refreshed = ContinuousClock.now
                } catch {
                    log.write("poller", "cannot describe the stream: \(error)")
                }
            }
            var delivered = false
            for index in shards.indices where !shards[index].finished && !Task.isCancelled {
                await read(&shards[index])
                if let batch = readyBatch(&shards[index]) {
                    guard await deliver(batch[...], shard: shards[index].id) else { return }
                    delivered = true
                }
            }
            if !delivered {
                do { try await Task.sleep(for: configuration.pollInterval) } catch { return }
            }
        }
    }

    /// Reads records into the shard's buffer, up to a batch.
    private func read(_ shard: inout Shard) async {
        let batchSize = configuration.mapping.batchSize
        do {
            if shard.iterator == nil && !shard.ended {
                let position: ShardIteratorPosition = shard.lastRead.map { .afterSequenceNumber($0) }
                    ?? (configuration.mapping.startingPosition == "LATEST" ? .latest : .trimHorizon)
                shard.iterator = try await client.getShardIterator(streamARN: streamARN, shardID: shard.id, position: position)
                shard.ended = shard.iterator == nil
            }
            while shard.buffer.count < batchSize, let iterator = shard.iterator {
                let page = try await client.getRecords(shardIterator: iterator, limit: min(1000, batchSize - shard.buffer.count))
                shard.iterator = page.nextShardIterator
                shard.ended = page.nextShardIterator == nil
                guard let last = page.records.last else { break }
                shard.lastRead = last.dynamodb.sequenceNumber
                if shard.buffer.isEmpty { shard.bufferedSince = ContinuousClock.now }
                shard.buffer += page.records.map { record in
                    var record = record
                    record.eventSourceARN = streamARN
                    record.awsRegion = record.awsRegion ?? "us-east-1"
                    return record
                }
            }
        } catch {
            log.write("poller", "cannot read shard \(shard.id): \(error); trying again")
            shard.iterator = nil
        }
    }

    /// The batch to deliver now: a full batch, or what there is once the batching window has passed.
    private func readyBatch(_ shard: inout Shard) -> [StreamRecord]? {
        guard !shard.buffer.isEmpty else { return nil }
        let batchSize = configuration.mapping.batchSize
        let window = Duration.seconds(configuration.mapping.maximumBatchingWindowInSeconds)
        let full = shard.buffer.count >= batchSize
        let waited = shard.bufferedSince.map { ContinuousClock.now - $0 >= window } ?? true
        guard full || waited || shard.ended else { return nil }
        let batch = Array(shard.buffer.prefix(batchSize))
        shard.buffer.removeFirst(batch.count)
        shard.bufferedSince = shard.buffer.isEmpty ? nil : ContinuousClock.now
        return batch
    }

    // MARK: - Delivery

    enum Outcome: Equatable {
        case success
        /// The records from this index on failed (reported, or the whole batch when the index is 0).
        case failed(from: Int, reason: String)
        /// The invocation itself failed.
        case functionError(String)
        /// The local environment is stopping.
        case stopped
    }

    /// Delivers `records` until they are done or discarded; false when the poller is stopping.
    private func deliver(_ records: ArraySlice<StreamRecord>, shard: String) async -> Bool {
        let mapping = configuration.mapping
        // The first record not yet delivered. (An index, not a shrinking slice: Swift 6.3's optimiser crashes on a
        // slice carried around this loop.)
        var first = records.startIndex
        var retries = 0
        while true {
            if Task.isCancelled { return false }
            let remaining = records[first...]
            let started = ContinuousClock.now
            let outcome = await invoke(remaining)
            let lastFailure: (reason: String, functionError: Bool)
            switch outcome {
            case .stopped:
                return false
            case .success:
                record(delivered: remaining.count)
                log.write("poller", "\(target.name) took \(remaining.count) record\(remaining.count == 1 ? "" : "s") in \(Self.milliseconds(since: started)) ms")
                return true
            case .failed(let index, let reason):
                record(delivered: index)
                first += index
                lastFailure = (reason, false)
            case .functionError(let reason):
                if mapping.bisectBatchOnFunctionError && remaining.count > 1 {
                    log.write("poller", "\(target.name) failed on \(remaining.count) records (\(reason)); splitting the batch")
                    return await deliverInHalves(remaining, shard: shard)
                }
                lastFailure = (reason, true)
            }
            let pending = records[first...]
            let tooOld = mapping.maximumRecordAgeInSeconds >= 0 && Self.age(of: pending.first!) > Double(mapping.maximumRecordAgeInSeconds)
            if tooOld || (mapping.maximumRetryAttempts >= 0 && retries >= mapping.maximumRetryAttempts) {
                discard(pending, shard: shard, condition: tooOld ? "RecordAgeExceeded" : "RetryAttemptsExhausted",
                        invocations: retries + 1, failure: lastFailure)
                return true
            }
            retries += 1
            let delay = min(configuration.retryDelay * (1 << min(retries - 1, 20)), configuration.maximumRetryDelay)
            log.write("poller", "\(target.name) failed from record \(pending.first!.dynamodb.sequenceNumber) (\(lastFailure.reason)); retry \(retries)"
                + (mapping.maximumRetryAttempts >= 0 ? " of \(mapping.maximumRetryAttempts)" : "") + " in \(Self.milliseconds(delay)) ms")
            do { try await Task.sleep(for: delay) } catch { return false }
        }
    }

    /// Bisecting a batch the function failed on: the first half, then (if it went through) the second.
    private func deliverInHalves(_ records: ArraySlice<StreamRecord>, shard: String) async -> Bool {
        let half = records.startIndex + records.count / 2
        guard await deliver(records[..<half], shard: shard) else { return false }
        return await deliver(records[half...], shard: shard)
    }

    private func invoke(_ records: ArraySlice<StreamRecord>) async -> Outcome {
        guard let event = try? JSONEncoder().encode(DynamoDBStreamEvent(records: Array(records))) else {
            return .functionError("the records could not be encoded as an event")
        }
        counters.withLock { $0.invocations += 1 }
        switch await target.invoke(Array(event)) {
        case .response(let body):
            return configuration.mapping.reportBatchItemFailures ? Self.outcome(of: body, for: records) : .success
        case .streamed(let response):
            if let failure = response.failure {
                return .functionError("\(failure.type) after the response began: \(String(decoding: failure.body.prefix(300), as: UTF8.self))")
            }
            return configuration.mapping.reportBatchItemFailures ? Self.outcome(of: response.body, for: records) : .success
        case .error(let type, let body):
            return .functionError("\(type): \(String(decoding: body.prefix(300), as: UTF8.self))")
        case .timedOut:
            return .functionError("the function timed out")
        case .responseTooLarge(let size):
            return .functionError("a response of \(size) bytes, over Lambda's limit")
        case .serverStopped:
            return .stopped
        }
    }

    /// A partial batch response, read as Lambda reads it.
    static func outcome(of body: [UInt8], for records: ArraySlice<StreamRecord>) -> Outcome {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return .failed(from: 0, reason: "the response is not JSON")
        }
        guard let object = json as? [String: Any], let list = object["batchItemFailures"], !(list is NSNull) else { return .success }
        guard let failures = list as? [Any] else { return .failed(from: 0, reason: "batchItemFailures is not a list") }
        var lowest: Int?
        for failure in failures {
            guard let identifier = (failure as? [String: Any])?["itemIdentifier"] as? String, !identifier.isEmpty,
                  let index = records.firstIndex(where: { $0.dynamodb.sequenceNumber == identifier })
            else {
                return .failed(from: 0, reason: "a batch item failure names no record of the batch: the whole batch failed")
            }
            lowest = min(lowest ?? index, index)
        }
        guard let lowest else { return .success }
        return .failed(from: lowest - records.startIndex, reason: "record \(records[lowest].dynamodb.sequenceNumber) reported as failed")
    }

    private func discard(
        _ records: ArraySlice<StreamRecord>, shard: String, condition: String, invocations: Int,
        failure: (reason: String, functionError: Bool)
    ) {
        let arrivals = records.compactMap(\.dynamodb.approximateCreationDateTime).map { Self.iso8601(Date(timeIntervalSince1970: $0)) }
        deadLetters.append(DeadLetterFile.Entry(
            timestamp: Self.iso8601(Date()),
            requestContext: .init(
                requestId: UUID().uuidString.lowercased(), functionArn: "arn:aws:lambda:us-east-1:000000000000:function:\(target.name)",
                condition: condition, approximateInvokeCount: invocations),
            responseContext: .init(statusCode: 200, executedVersion: "$LATEST", functionError: failure.functionError ? "Unhandled" : nil),
            ddbStreamBatchInfo: .init(
                shardId: shard, startSequenceNumber: records.first!.dynamodb.sequenceNumber,
                endSequenceNumber: records.last!.dynamodb.sequenceNumber, approximateArrivalOfFirstRecord: arrivals.first,
                approximateArrivalOfLastRecord: arrivals.last, batchSize: records.count, streamArn: streamARN),
            reason: failure.reason, records: Array(records)))
        counters.withLock { $0.recordsDeadLettered += records.count }
        log.write("poller", "gave up on \(records.count) record\(records.count == 1 ? "" : "s") (\(records.first!.dynamodb.sequenceNumber)…\(records.last!.dynamodb.sequenceNumber)) after \(invocations) invocations, \(condition): \(failure.reason); written to \(deadLetters.url.path)")
    }

    private func record(delivered count: Int) {
        counters.withLock { $0.recordsDelivered += count }
    }

    private static func age(of record: StreamRecord) -> Double {
        record.dynamodb.approximateCreationDateTime.map { Date().timeIntervalSince1970 - $0 } ?? 0
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> String {
        milliseconds(ContinuousClock.now - start)
    }

    private static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.0f", duration / .milliseconds(1))
    }

    private static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
