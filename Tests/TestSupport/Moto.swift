import AWSSigning
import DynamoDB
import DynamoDBClient
import Foundation
import Synchronization
import Testing

/// The moto servers `scripts/test` starts: `MOTO_ENDPOINT`, and `MOTO_AUTH_ENDPOINT` with signature checking.
public enum Moto {
    public static var endpoint: URL? { ProcessInfo.processInfo.environment["MOTO_ENDPOINT"].flatMap(URL.init(string:)) }
    /// Every data server (`MOTO_ENDPOINTS`, comma-separated): clients take turns, so that parallel tests spread
    /// over moto processes (one Python process uses one core).
    static var endpoints: [URL] {
        let list = (ProcessInfo.processInfo.environment["MOTO_ENDPOINTS"] ?? "").split(separator: ",").compactMap { URL(string: String($0)) }
        return list.isEmpty ? endpoint.map { [$0] } ?? [] : list
    }
    private static let turn = Mutex(0)
    public static var authEndpoint: URL? { ProcessInfo.processInfo.environment["MOTO_AUTH_ENDPOINT"].flatMap(URL.init(string:)) }
    public static let skipReason: Comment = "needs moto: run scripts/test, which starts it"

    /// A client of the plain server, with any credentials (moto does not check them there).
    public static func client(retry: RetryPolicy = RetryPolicy()) -> DynamoDBClient {
        let servers = endpoints
        let index = turn.withLock { turn in
            defer { turn += 1 }
            return turn % servers.count
        }
        return DynamoDBClient(configuration: DynamoDBConfiguration(
            region: "us-east-1", endpoint: servers[index],
            credentials: AWSCredentials(accessKeyID: "AKIATESTING", secretAccessKey: "testing-secret"), retry: retry,
            requestTimeout: .seconds(30)))
    }

    /// The credentials `scripts/lib/moto_enable_auth.py` created on the checking server.
    public static func authCredentials() throws -> (user: AWSCredentials, temporary: AWSCredentials) {
        let path = ProcessInfo.processInfo.environment["MOTO_AUTH_CREDENTIALS"] ?? ""
        let json = try JSONDecoder().decode([String: [String: String]].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        func credentials(_ key: String) -> AWSCredentials {
            AWSCredentials(accessKeyID: json[key]!["accessKeyID"]!, secretAccessKey: json[key]!["secretAccessKey"]!, sessionToken: json[key]!["sessionToken"])
        }
        return (credentials("user"), credentials("temporary"))
    }

    /// A table of its own for each test (tests run in parallel): `pk` (S) and `sk` (N), with a stream.
    public static func createTable(_ client: DynamoDBClient, prefix: String = "t", stream: Bool = false) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8))"
        try await client.createTable(CreateTableInput(
            tableName: name,
            attributeDefinitions: [AttributeDefinition("pk", "S"), AttributeDefinition("sk", "N")],
            keySchema: [KeySchemaElement("pk", "HASH"), KeySchemaElement("sk", "RANGE")],
            streamSpecification: stream ? StreamSpecification(enabled: true) : nil))
        return name
    }

    /// The tables `template.yaml` defines (`TABLE_DEFINITIONS`, written by `scripts/lib/table_definitions.py`).
    public static var tableDefinitions: URL? {
        ProcessInfo.processInfo.environment["TABLE_DEFINITIONS"].map(URL.init(fileURLWithPath:))
    }

    private struct TableDefinition: Decodable {
        var AttributeDefinitions: [AttributeDefinition]
        var KeySchema: [KeySchemaElement]
        var BillingMode: String
        var StreamSpecification: StreamSpecification?
        var TimeToLiveAttribute: String?
    }

    /// Creates template.yaml's table `resource` (e.g. `EventsTable`) under a fresh name, TTL included.
    public static func createTable(_ client: DynamoDBClient, fromTemplate resource: String) async throws -> String {
        let definitions = try JSONDecoder().decode([String: TableDefinition].self, from: Data(contentsOf: tableDefinitions!))
        guard let definition = definitions[resource] else { throw CocoaError(.fileReadCorruptFile) }
        let name = "\(resource)-\(UUID().uuidString.prefix(8))"
        try await client.createTable(CreateTableInput(
            tableName: name, attributeDefinitions: definition.AttributeDefinitions, keySchema: definition.KeySchema,
            billingMode: definition.BillingMode, streamSpecification: definition.StreamSpecification))
        if let attribute = definition.TimeToLiveAttribute { try await client.updateTimeToLive(table: name, attribute: attribute) }
        return name
    }

    public static func key(_ pk: String, _ sk: Int) -> Item { ["pk": .s(pk), "sk": .n(String(sk))] }
}
