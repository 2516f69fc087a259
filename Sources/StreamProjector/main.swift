import BankDomain
import EventSourcing
import FunctionSupport
import LambdaRuntime

// StreamProjector: the events table's stream → the read models, exactly once per event and read model.
Lambda.run { context in
    let setup = try FunctionSetup(context)
    let projector = AccountProjector(
        eventStore: DynamoDBEventStore(client: setup.client, table: setup.configuration.eventsTable),
        readModels: DynamoDBReadModelStore(client: setup.client, table: setup.configuration.projectionsTable))
    return ProjectorHandler(projector: projector)
}
