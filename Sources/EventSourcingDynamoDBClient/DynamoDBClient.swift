#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcingJSON

/// A small DynamoDB client: the JSON API over HTTPS (TLS on the system's OpenSSL, `SocketTransport`), SigV4-signed.
///
/// Every call is validated before it is sent (table name, numbers, item and transaction sizes), retried with
/// exponential backoff and full jitter when it may succeed later (throttling, 5xx, connection loss), and
/// bounded by `DynamoDBClient.deadline` when one is set, so that a Lambda never overruns its own deadline.
/// Failures are typed (`DynamoDBError`). The item operations' bodies are written and read in DynamoDB's wire format
/// in one pass (`DynamoDBJSON`); the table, stream and batch operations go through `Codable`.
public final class DynamoDBClient: Sendable {
    /// A deadline for every call made in the scope: `DynamoDBClient.$deadline.withValue(instant) { … }`.
    @TaskLocal public static var deadline: ContinuousClock.Instant?
    /// Where calls made in the scope add their attempts and waiting time.
    @TaskLocal public static var timing: RequestTiming?

    /// Where and how this client talks to DynamoDB.
    public let configuration: DynamoDBConfiguration
    /// What this client has sent so far.
    public let metrics = DynamoDBMetrics()
    private let transport: any HTTPTransport
    private let signer: SigV4Signer
    /// The `Host` header of every request, worked out from the endpoint once.
    private let hostHeader: String

    /// A client; without a `transport`, a `SocketTransport` of its own (TLS for an `https://` endpoint, trusting the
    /// configuration's `certificateAuthorities`).
    public init(configuration: DynamoDBConfiguration, transport: (any HTTPTransport)? = nil) {
        self.configuration = configuration
        self.transport = transport ?? Self.defaultTransport(for: configuration)
        self.hostHeader = configuration.hostHeader
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "dynamodb")
    }

    private static func defaultTransport(for configuration: DynamoDBConfiguration) -> any HTTPTransport {
        SocketTransport(certificateAuthorities: configuration.certificateAuthorities)
    }

    /// DynamoDB's limit on one item, in bytes.
    public static let maxItemBytes = 400 * 1024
    /// DynamoDB's limit on the actions of one transaction.
    public static let maxTransactionActions = 100
    /// DynamoDB's limit on the size of one transaction, in bytes.
    public static let maxTransactionBytes = 4 * 1024 * 1024

    static let dynamoDBAPI = "DynamoDB_20120810"

    // MARK: - Sending

    /// Sends one operation of the DynamoDB API in its wire format, without `Codable`.
    func send<Output: DynamoDBJSONDecodable>(
        _ operation: String, _ input: some DynamoDBJSONEncodable, table: String?
    ) async throws(DynamoDBError) -> Output {
        let body = try await exchange(operation, body: DynamoDBJSON.encode(input), table: table, api: Self.dynamoDBAPI)
        do {
            return try DynamoDBJSON.decode(Output.self, from: body)
        } catch {
            throw .undecodable(operation: operation, error.description)
        }
    }

    /// Sends one operation of the DynamoDB (`DynamoDB_20120810`) or Streams (`DynamoDBStreams_20120810`) API
    /// through `Codable` (tables, streams, batch reads).
    func sendCodable<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, table: String?, api: String = dynamoDBAPI
    ) async throws(DynamoDBError) -> Output {
        let request: Data
        do {
            request = try JSONEncoder().encode(input)
        } catch {
            throw .invalidRequest("\(operation): the request could not be encoded: \(error)")
        }
        let body = try await exchange(operation, body: Array(request), table: table, api: api)
        do {
            return try JSONDecoder().decode(Output.self, from: Data(body))
        } catch {
            throw .undecodable(operation: operation, String(describing: error))
        }
    }

    /// Signs and sends `body`, retrying as `configuration.retry` allows within the deadline; the body of the 200.
    private func exchange(_ operation: String, body: [UInt8], table: String?, api: String) async throws(DynamoDBError) -> [UInt8] {
        let clock = ContinuousClock()
        var attempt = 0
        while true {
            attempt += 1
            let remaining = Self.deadline.map { $0 - clock.now }
            if let remaining, remaining <= .zero { throw .timeout(operation: operation) }
            let failure: DynamoDBError
            do {
                let signed = request(operation, api: api, body: body, timeout: min(configuration.requestTimeout, remaining ?? .seconds(3600)))
                let sent = clock.now
                defer { Self.timing?.record(sent.duration(to: clock.now)) }
                let response = try await transport.send(signed)
                if response.status == 200 {
                    metrics.record(operation: operation, sent: body.count, received: response.body.count, attempts: attempt)
                    return response.body
                }
                failure = DynamoDBError(status: response.status, body: response.body, operation: operation, table: table)
            } catch {
                switch error {
                case .timedOut: failure = .timeout(operation: operation)
                case .failed(let reason): failure = .transport(operation: operation, message: reason)
                }
            }
            let delay = configuration.retry.delay(after: attempt)
            let roomLeft = Self.deadline.map { $0 - clock.now > delay } ?? true
            guard failure.isRetryable, attempt < configuration.retry.maxAttempts, roomLeft else {
                metrics.record(operation: operation, sent: body.count, received: 0, attempts: attempt)
                throw failure
            }
            try? await Task.sleep(for: delay)
        }
    }

    /// The signed request of one attempt (signed anew: the signature carries the time).
    private func request(_ operation: String, api: String, body: [UInt8], timeout: Duration) -> HTTPTransportRequest {
        var signable = SignableRequest(
            method: "POST",
            // Lower-case names, as the canonical request has them: nothing to fold when signing.
            headers: [
                ("host", hostHeader), ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "\(api).\(operation)"),
            ],
            body: body)
        signer.sign(&signable)
        return HTTPTransportRequest(
            url: configuration.endpoint, headers: signable.headers.filter { $0.name != "host" }, body: body, timeout: timeout)
    }
}
