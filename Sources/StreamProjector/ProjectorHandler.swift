import BankDomain
import LambdaEvents
import LambdaRuntime

/// DynamoDB stream batches → read models; the first failed record is reported so Lambda retries from it.
struct ProjectorHandler: LambdaCodableHandler {
    let projector: AccountProjector

    func handle(_ event: DynamoDBStreamEvent, context: LambdaContext) async throws -> DynamoDBBatchResponse {
        let outcome = await projector.project(event.records)
        for skipped in outcome.skipped {
            context.logger.info("skipped a record: \(skipped.reason)", metadata: ["sequenceNumber": event.records[skipped.index].dynamodb.sequenceNumber])
        }
        context.logger.info("projected a batch", metadata: [
            "records": String(event.records.count), "applied": String(outcome.applied),
            "summaryWrites": String(outcome.summaryWrites), "ownerWrites": String(outcome.ownerWrites),
        ])
        guard let failure = outcome.failure else { return DynamoDBBatchResponse() }
        let sequenceNumber = event.records[failure.index].dynamodb.sequenceNumber
        context.logger.error("a record failed; the batch is retried from it: \(failure.reason)", metadata: ["sequenceNumber": sequenceNumber])
        return DynamoDBBatchResponse(batchItemFailures: [.init(itemIdentifier: sequenceNumber)])
    }
}
