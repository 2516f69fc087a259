import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import LambdaRuntime

/// Keeps read models up to date from the events table's DynamoDB stream, as a Lambda function with
/// `ReportBatchItemFailures`: each event is applied exactly once per document (`Projector`), and the first record
/// that failed is answered in `batchItemFailures`, so that Lambda retries the batch from it.
public struct StreamProjectorHandler<Event: Sendable>: LambdaCodableHandler {
    /// The projector.
    public let projector: Projector<Event>

    /// A handler on the given projector (for tests, or stores of your own).
    public init(_ projector: Projector<Event>) {
        self.projector = projector
    }

    /// A handler on the DynamoDB tables the function's environment names (`FunctionConfiguration`).
    public init(serializer: EventSerializer<Event>, projections: [any Projection<Event>], context: LambdaInitContext) throws(ConfigurationError) {
        let configuration = try FunctionConfiguration(environment: context.environment)
        let client = DynamoDBClient(configuration: configuration.dynamoDB)
        self.init(Projector(
            serializer: serializer, eventStore: DynamoDBEventStore(client: client, table: configuration.eventsTable),
            readModels: DynamoDBReadModelStore(client: client, table: configuration.projectionsTable), projections: projections))
    }

    public func handle(_ event: DynamoDBStreamEvent, context: LambdaContext) async throws -> DynamoDBBatchResponse {
        let outcome = await projector.project(event.records.map(ProjectorRecord.init))
        for skipped in outcome.skipped {
            context.logger.info("skipped a record: \(skipped.reason)", metadata: ["sequenceNumber": event.records[skipped.index].dynamodb.sequenceNumber])
        }
        context.logger.info("projected a batch", metadata: [
            "records": String(event.records.count), "applied": String(outcome.applied),
            "documentsWritten": String(outcome.documentsWritten), "eventsRead": String(outcome.eventsRead),
        ])
        guard let failure = outcome.failure else { return DynamoDBBatchResponse() }
        let sequenceNumber = event.records[failure.index].dynamodb.sequenceNumber
        context.logger.error("a record failed; the batch is retried from it: \(failure.reason)", metadata: ["sequenceNumber": sequenceNumber])
        return DynamoDBBatchResponse(batchItemFailures: [.init(itemIdentifier: sequenceNumber)])
    }
}
