import AccountsAPI
import AWSSigning
import BankDomain
import DynamoDBClient
import EventSourcing
import LambdaRuntime

// CommandFunction: API Gateway requests → commands → events in the events table; the read side from the
// projections table. Configuration: see README "Configuration"; anything missing is an init error.
Lambda.run { context in
    let configuration: DeploymentConfiguration
    do throws(AWSConfigurationError) {
        configuration = try DeploymentConfiguration(environment: context.environment.variables)
    } catch {
        switch error {
        case .missing(let name): throw ConfigurationError.missing(name)
        case .invalid(let name, let reason): throw ConfigurationError.invalid(name, reason: reason)
        }
    }
    let client = DynamoDBClient(configuration: configuration.dynamoDB)
    let service = AccountsService(
        store: DynamoDBEventStore(client: client, table: configuration.eventsTable, pageSize: configuration.snapshotInterval + 1),
        readModels: DynamoDBReadModelStore(client: client, table: configuration.projectionsTable),
        snapshotInterval: configuration.snapshotInterval, authMode: AuthMode(rawValue: configuration.authMode)!)
    context.logger.info("ready", metadata: ["eventsTable": configuration.eventsTable, "authMode": configuration.authMode])
    return APIHandler(service: service)
}
