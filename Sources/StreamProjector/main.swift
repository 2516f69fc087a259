import AWSSigning
import BankDomain
import DynamoDBClient
import EventSourcing
import LambdaRuntime

// StreamProjector: the events table's stream → the read models, exactly once per event and read model.
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
    let projector = AccountProjector(
        eventStore: DynamoDBEventStore(client: client, table: configuration.eventsTable),
        readModels: DynamoDBReadModelStore(client: client, table: configuration.projectionsTable))
    return ProjectorHandler(projector: projector)
}
