import EventSourcingDynamoDBClient
import EventSourcingLocalEnvironment
import Foundation
import Synchronization
import Testing

/// The moto servers `scripts/test` starts: `MOTO_ENDPOINT`, and `MOTO_AUTH_ENDPOINT` with signature checking.
public enum Moto {
    /// The plain server (`MOTO_ENDPOINT`), or nil when it is not set.
    public static var endpoint: URL? { ProcessInfo.processInfo.environment["MOTO_ENDPOINT"].flatMap(URL.init(string:)) }
    /// Every data server (`MOTO_ENDPOINTS`, comma-separated): clients take turns, so that parallel tests spread
    /// over moto processes (one Python process uses one core).
    static var endpoints: [URL] {
        let list = (ProcessInfo.processInfo.environment["MOTO_ENDPOINTS"] ?? "").split(separator: ",").compactMap { URL(string: String($0)) }
        return list.isEmpty ? endpoint.map { [$0] } ?? [] : list
    }
    private static let turn = Mutex(0)
    /// The server that checks signatures (`MOTO_AUTH_ENDPOINT`), or nil when it is not set.
    public static var authEndpoint: URL? { ProcessInfo.processInfo.environment["MOTO_AUTH_ENDPOINT"].flatMap(URL.init(string:)) }
    /// Why a test that needs moto is skipped.
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

    /// What `scripts/lib/template_settings.py` read from `template.yaml` (`TEMPLATE_SETTINGS`).
    public static var templateSettings: URL? {
        ProcessInfo.processInfo.environment["TEMPLATE_SETTINGS"].map(URL.init(fileURLWithPath:))
    }

    /// Creates template.yaml's table `resource` (e.g. `EventsTable`) under a fresh name, TTL included.
    public static func createTable(_ client: DynamoDBClient, fromTemplate resource: String) async throws -> String {
        let settings = try TemplateSettings(contentsOf: try #require(templateSettings, "TEMPLATE_SETTINGS is not set"))
        let name = "\(resource)-\(UUID().uuidString.prefix(8))"
        try await client.createTable(name, as: try settings.table(resource))
        return name
    }

    /// The key of item `pk`/`sk` in a table `createTable` made.
    public static func key(_ pk: String, _ sk: Int) -> Item { ["pk": .s(pk), "sk": .n(String(sk))] }

    /// The stream records of `table` so far, every shard read from its start.
    public static func streamRecords(_ client: DynamoDBClient, table: String) async throws -> [StreamRecord] {
        let arn = try #require(try await client.describeTable(table).latestStreamArn)
        var records: [StreamRecord] = []
        for shard in try await client.describeStream(arn).shards {
            var iterator = try await client.getShardIterator(streamARN: arn, shardID: shard.shardId, position: .trimHorizon)
            while let current = iterator {
                let page = try await client.getRecords(shardIterator: current)
                if page.records.isEmpty { break }
                records += page.records
                iterator = page.nextShardIterator
            }
        }
        return records
    }
}
