import EventSourcingDynamoDBClient
import Foundation

/// What the local environment takes from `template.yaml`, as `scripts/lib/template_settings.py` prints it: the
/// tables, each function's timeout and environment, the HTTP API's routes and the stream event source mappings.
/// Reading them from the template (not repeating them) keeps the local environment and the deployment in step.
public struct TemplateSettings: Decodable, Sendable {
    /// A DynamoDB table as the template declares it.
    public struct Table: Decodable, Sendable {
        /// The key attributes and their types.
        public var attributeDefinitions: [AttributeDefinition]
        /// The partition key and, if any, the sort key.
        public var keySchema: [KeySchemaElement]
        /// The billing mode, such as `PAY_PER_REQUEST`.
        public var billingMode: String
        /// The table's stream, if it has one.
        public var streamSpecification: StreamSpecification?
        /// The TTL attribute, when TTL is enabled.
        public var timeToLiveAttribute: String?

        enum CodingKeys: String, CodingKey {
            case attributeDefinitions = "AttributeDefinitions", keySchema = "KeySchema", billingMode = "BillingMode"
            case streamSpecification = "StreamSpecification", timeToLiveAttribute = "TimeToLiveAttribute"
        }
    }

    /// A function's settings.
    public struct Function: Decodable, Sendable {
        /// Seconds an invocation may run.
        public var timeout: Int
        /// Megabytes of memory, passed to the function as `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`.
        public var memorySize: Int
        /// Its environment variables, references resolved for local use.
        public var environment: [String: String]
    }

    /// An HTTP API route: `method` (`ANY` matches every method) and `path` (with `{name}` and `{name+}` parameters).
    public struct Route: Decodable, Sendable, Equatable {
        /// The HTTP method, or `ANY`.
        public var method: String
        /// The path, with `{name}` and `{name+}` parameters.
        public var path: String
        /// The function the route invokes.
        public var function: String

        /// A route from `method` and `path` to `function`.
        public init(method: String, path: String, function: String) {
            self.method = method
            self.path = path
            self.function = function
        }
    }

    /// A DynamoDB stream event source mapping.
    public struct StreamMapping: Decodable, Sendable {
        /// The function invoked with the batches.
        public var function: String
        /// The table whose stream is read.
        public var table: String
        /// Where a new poller starts in each shard: `LATEST`, or anything else for the trim horizon.
        public var startingPosition: String
        /// The most records per invocation.
        public var batchSize: Int
        /// How long records are gathered before a batch is sent.
        public var maximumBatchingWindowInSeconds: Int
        /// Whether the function reports the records that failed (`ReportBatchItemFailures`).
        public var reportBatchItemFailures: Bool
        /// Whether a batch is split in two on a function error.
        public var bisectBatchOnFunctionError: Bool
        /// -1: retry until the record expires.
        public var maximumRetryAttempts: Int
        /// -1: no limit.
        public var maximumRecordAgeInSeconds: Int
    }

    /// The tables, by resource name.
    public var tables: [String: Table]
    /// The functions, by name.
    public var functions: [String: Function]
    /// The HTTP API's routes.
    public var routes: [Route]
    /// The stream event source mappings.
    public var streams: [StreamMapping]

    /// Reads the settings file.
    public init(contentsOf url: URL) throws(LocalEnvironmentError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
        } catch {
            throw .settings("cannot read \(url.path): \(error)")
        }
    }

    /// The table `name`, or an error naming the tables there are.
    public func table(_ name: String) throws(LocalEnvironmentError) -> Table {
        guard let table = tables[name] else {
            throw .settings("no table \(name) in the template (it has \(tables.keys.sorted().joined(separator: ", ")))")
        }
        return table
    }

    /// The function `name`, or an error naming the functions there are.
    public func function(_ name: String) throws(LocalEnvironmentError) -> Function {
        guard let function = functions[name] else {
            throw .settings("no function \(name) in the template (it has \(functions.keys.sorted().joined(separator: ", ")))")
        }
        return function
    }
}

extension DynamoDBClient {
    /// Creates `table` as the template declares it, under `name`, with its stream and TTL.
    public func createTable(_ name: String, as table: TemplateSettings.Table) async throws(DynamoDBError) {
        try await createTable(CreateTableInput(
            tableName: name, attributeDefinitions: table.attributeDefinitions, keySchema: table.keySchema,
            billingMode: table.billingMode, streamSpecification: table.streamSpecification))
        if let attribute = table.timeToLiveAttribute { try await updateTimeToLive(table: name, attribute: attribute) }
    }
}
