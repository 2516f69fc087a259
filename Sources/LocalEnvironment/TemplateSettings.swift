import EventSourcingDynamoDBClient
import Foundation

/// What the local environment takes from `template.yaml`, as `scripts/lib/template_settings.py` prints it: the
/// tables, each function's timeout and environment, the HTTP API's routes and the stream event source mappings.
/// Reading them from the template (not repeating them) keeps the local environment and the deployment in step.
public struct TemplateSettings: Decodable, Sendable {
    /// A DynamoDB table as the template declares it.
    public struct Table: Decodable, Sendable {
        public var attributeDefinitions: [AttributeDefinition]
        public var keySchema: [KeySchemaElement]
        public var billingMode: String
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
        public var memorySize: Int
        /// Its environment variables, references resolved for local use.
        public var environment: [String: String]
    }

    /// An HTTP API route: `method` (`ANY` matches every method) and `path` (with `{name}` and `{name+}` parameters).
    public struct Route: Decodable, Sendable, Equatable {
        public var method: String
        public var path: String
        public var function: String

        public init(method: String, path: String, function: String) {
            self.method = method
            self.path = path
            self.function = function
        }
    }

    /// A DynamoDB stream event source mapping.
    public struct StreamMapping: Decodable, Sendable {
        public var function: String
        public var table: String
        public var startingPosition: String
        public var batchSize: Int
        public var maximumBatchingWindowInSeconds: Int
        public var reportBatchItemFailures: Bool
        public var bisectBatchOnFunctionError: Bool
        /// -1: retry until the record expires.
        public var maximumRetryAttempts: Int
        /// -1: no limit.
        public var maximumRecordAgeInSeconds: Int
    }

    public var tables: [String: Table]
    public var functions: [String: Function]
    public var routes: [Route]
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
