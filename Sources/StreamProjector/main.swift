// StreamProjector: the events table's DynamoDB stream → the bank's read models in PROJECTIONS_TABLE, each event
// applied exactly once per document; the first failed record is reported so that Lambda retries from it.
import EventSourcingBankDomain
import EventSourcingLambda
import LambdaRuntime

Lambda.run { context in
    try StreamProjectorHandler(serializer: AccountEvent.serializer, projections: BankAPI.projections, context: context)
}
