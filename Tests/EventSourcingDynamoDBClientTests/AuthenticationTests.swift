import EventSourcingDynamoDBClient
import Foundation
import EventSourcingTestSupport
import Testing

/// Changes the body after it was signed, as a man in the middle would.
private struct TamperingTransport: HTTPTransport {
    let base = SocketTransport()
    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        var tampered = request
        tampered.body = Array(String(decoding: request.body, as: UTF8.self).replacing("auth-", with: "evil-").utf8)
        return try await base.send(tampered)
    }
}

@Suite("Signatures checked by moto", .enabled(if: Moto.authEndpoint != nil, Moto.skipReason))
struct AuthenticationTests {
    private func client(_ credentials: AWSCredentials, transport: (any HTTPTransport)? = nil) -> DynamoDBClient {
        DynamoDBClient(
            configuration: DynamoDBConfiguration(region: "us-east-1", endpoint: Moto.authEndpoint!, credentials: credentials, retry: RetryPolicy(maxAttempts: 1)),
            transport: transport)
    }

    private func tableName() -> String { "auth-\(UUID().uuidString.prefix(8))" }

    private func createTable(_ client: DynamoDBClient) async throws(DynamoDBError) {
        try await client.createTable(CreateTableInput(
            tableName: tableName(), attributeDefinitions: [AttributeDefinition("pk", "S")], keySchema: [KeySchemaElement("pk", "HASH")]))
    }

    /// The error of `body`, which must fail with `accessDenied`; checks the secret is nowhere in it.
    private func expectDenied(_ secret: String, _ body: () async throws(DynamoDBError) -> Void) async -> String? {
        do {
            try await body()
            Issue.record("the request was accepted")
            return nil
        } catch {
            #expect(!String(describing: error).contains(secret))
            guard case .accessDenied(let code, _) = error else {
                Issue.record("expected accessDenied, got \(error)")
                return nil
            }
            return code
        }
    }

    @Test("a request signed with the IAM user's key passes")
    func userKey() async throws {
        try await createTable(client(try Moto.authCredentials().user))
    }

    @Test("a request signed with STS temporary credentials and their session token passes")
    func temporaryCredentials() async throws {
        let temporary = try Moto.authCredentials().temporary
        #expect(temporary.sessionToken != nil)
        try await createTable(client(temporary))
    }

    @Test("a wrong secret is refused as SignatureDoesNotMatch")
    func wrongSecret() async throws {
        var credentials = try Moto.authCredentials().user
        credentials.secretAccessKey = "not-the-secret-\(UUID().uuidString)"
        let code = await expectDenied(credentials.secretAccessKey) { () async throws(DynamoDBError) in try await createTable(client(credentials)) }
        #expect(code == "SignatureDoesNotMatch")
    }

    @Test("a body changed after signing is refused")
    func tamperedBody() async throws {
        let credentials = try Moto.authCredentials().user
        let code = await expectDenied(credentials.secretAccessKey) { () async throws(DynamoDBError) in
            try await createTable(client(credentials, transport: TamperingTransport()))
        }
        #expect(code == "SignatureDoesNotMatch")
    }

    @Test("an unknown access key is refused as InvalidClientTokenId")
    func unknownKey() async throws {
        let credentials = AWSCredentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: "unknown-secret-value")
        let code = await expectDenied(credentials.secretAccessKey) { () async throws(DynamoDBError) in try await createTable(client(credentials)) }
        #expect(code == "InvalidClientTokenId")
    }
}
