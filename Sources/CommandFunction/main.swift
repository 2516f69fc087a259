import AccountsAPI
import BankDomain
import EventSourcing
import FunctionSupport
import LambdaRuntime

// CommandFunction: API Gateway requests → commands → events in the events table; the read side from the
// projections table. Configuration: see README "Configuration"; anything missing is an init error.
Lambda.run { context in
    let setup = try FunctionSetup(context)
    let configuration = setup.configuration
    let service = AccountsService(
        store: DynamoDBEventStore(client: setup.client, table: configuration.eventsTable, pageSize: configuration.snapshotInterval + 1),
        readModels: DynamoDBReadModelStore(client: setup.client, table: configuration.projectionsTable),
        snapshotInterval: configuration.snapshotInterval, authMode: AuthMode(rawValue: configuration.authMode)!)
    context.logger.info("ready", metadata: ["eventsTable": configuration.eventsTable, "authMode": configuration.authMode])
    return APIHandler(service: service)
}
