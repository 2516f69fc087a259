import AWSSigning
import BankDomain
import DynamoDBClient
import LambdaRuntime

/// What both functions set up at initialisation: the deployment's configuration and a DynamoDB client.
public struct FunctionSetup: Sendable {
    public let configuration: DeploymentConfiguration
    public let client: DynamoDBClient

    /// Reads the configuration from the function's environment; what is missing or invalid is a `ConfigurationError`,
    /// which the runtime posts to `/runtime/init/error`.
    public init(_ context: LambdaInitContext) throws(ConfigurationError) {
        do throws(AWSConfigurationError) {
            configuration = try DeploymentConfiguration(environment: context.environment.variables)
        } catch {
            switch error {
            case .missing(let name): throw .missing(name)
            case .invalid(let name, let reason): throw .invalid(name, reason: reason)
            }
        }
        client = DynamoDBClient(configuration: configuration.dynamoDB)
    }
}
