import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import LambdaRuntime

/// Keeps read models up to date from the events table's DynamoDB stream, as a Lambda function with
/// `ReportBatchItemFailures`: each event is applied exactly once per document (`Projector`), in every generation of
/// its read model being written, and, given a feed, each event is indexed into the global feed once (`EventFeed`).
/// The first record that failed either is answered in `batchItemFailures`, so that Lambda retries the batch from
/// it; both are idempotent, so what was done past it is done again as a no-op.
public struct StreamProjectorHandler<Event: Sendable>: LambdaCodableHandler {
    /// The projector.
    public let projector: Projector<Event>
    /// The global feed, when the function keeps one.
    public let feed: EventFeed?

    /// A handler on the given projector and feed (for tests, or stores of your own).
    public init(_ projector: Projector<Event>, feed: EventFeed? = nil) {
        self.projector = projector
        self.feed = feed
    }

    /// A handler on the DynamoDB tables the function's environment names (`FunctionConfiguration`).
    public init(serializer: EventSerializer<Event>, projections: [any Projection<Event>], context: LambdaInitContext) throws(ConfigurationError) {
        let configuration = try FunctionConfiguration(environment: context.environment)
        let client = DynamoDBClient(configuration: configuration.dynamoDB)
        let events = DynamoDBEventStore(client: client, table: configuration.eventsTable)
        self.init(
            Projector(
                serializer: serializer, eventStore: events,
                readModels: DynamoDBReadModelStore(client: client, table: configuration.projectionsTable), projections: projections),
            feed: configuration.feedTable.map { table in
                EventFeed(store: DynamoDBFeedStore(client: client, table: table, eventsTable: configuration.eventsTable), eventStore: events)
            })
    }

    /// Projects one batch, and indexes it into the feed when there is one; answers the first record that failed,
    /// or no failures.
    public func handle(_ event: DynamoDBStreamEvent, context: LambdaContext) async throws -> DynamoDBBatchResponse {
        async let indexing = feed?.index(event.records)
        let outcome = await projector.project(event.records.map(ProjectorRecord.init))
        for skipped in outcome.skipped {
            context.logger.info("skipped a record: \(skipped.reason)", metadata: ["sequenceNumber": event.records[skipped.index].dynamodb.sequenceNumber])
        }
        var metadata = [
            "records": String(event.records.count), "applied": String(outcome.applied),
            "documentsWritten": String(outcome.documentsWritten), "eventsRead": String(outcome.eventsRead),
        ]
        var failures = outcome.failure.map { [$0] } ?? []
        if let indexed = await indexing {
            metadata["feedIndexed"] = String(indexed.indexed)
            metadata["feedDuplicates"] = String(indexed.duplicates)
            metadata["feedConflicts"] = String(indexed.conflicts)
            if let failure = indexed.failure { failures.append((failure.index, "the feed: \(failure.reason)")) }
        }
        context.logger.info("projected a batch", metadata: metadata)
        guard let failure = failures.min(by: { $0.index < $1.index }) else { return DynamoDBBatchResponse() }
        let sequenceNumber = event.records[failure.index].dynamodb.sequenceNumber
        context.logger.error("a record failed; the batch is retried from it: \(failure.reason)", metadata: ["sequenceNumber": sequenceNumber])
        return DynamoDBBatchResponse(batchItemFailures: [.init(itemIdentifier: sequenceNumber)])
    }
}
