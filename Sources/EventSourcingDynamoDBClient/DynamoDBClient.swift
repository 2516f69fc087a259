import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small DynamoDB client: the JSON API over HTTPS (libcurl through URLSession), SigV4-signed.
///
/// Every call is validated before it is sent (table name, numbers, item and transaction sizes), retried with
/// exponential backoff and full jitter when it may succeed later (throttling, 5xx, connection loss), and
/// bounded by `DynamoDBClient.deadline` when one is set, so that a Lambda never overruns its own deadline.
/// Failures are typed (`DynamoDBError`).
public final class DynamoDBClient: Sendable {
    /// A deadline for every call made in the scope: `DynamoDBClient.$deadline.withValue(instant) { … }`.
    @TaskLocal public static var deadline: ContinuousClock.Instant?
    /// Where calls made in the scope add their attempts and waiting time.
    @TaskLocal public static var timing: RequestTiming?

    public let configuration: DynamoDBConfiguration
    /// What this client has sent so far.
    public let metrics = DynamoDBMetrics()
    private let transport: any HTTPTransport
    private let signer: SigV4Signer

    public init(configuration: DynamoDBConfiguration, transport: (any HTTPTransport)? = nil) {
        self.configuration = configuration
        self.transport = transport
            ?? (configuration.endpoint.scheme == "http" ? SocketTransport() : URLSessionTransport(timeout: configuration.requestTimeout))
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "dynamodb")
    }

    /// DynamoDB's limit on one item, in bytes.
    public static let maxItemBytes = 400 * 1024
    /// DynamoDB's limits on one transaction.
    public static let maxTransactionActions = 100
    public static let maxTransactionBytes = 4 * 1024 * 1024

    // MARK: - Sending

    /// Sends one operation of the DynamoDB (`DynamoDB_20120810`) or Streams (`DynamoDBStreams_20120810`) API.
    func send<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, table: String?, api: String = "DynamoDB_20120810"
    ) async throws(DynamoDBError) -> Output {
        let body: Data
        do {
            body = try JSONEncoder().encode(input)
        } catch {
            throw .invalidRequest("\(operation): the request could not be encoded: \(error)")
        }
        let clock = ContinuousClock()
        var attempt = 0
        while true {
            attempt += 1
            let remaining = Self.deadline.map { $0 - clock.now }
            if let remaining, remaining <= .zero { throw .timeout(operation: operation) }
            let sent = clock.now
            let outcome = await attemptOnce(operation, api: api, body: body, timeout: min(configuration.requestTimeout, remaining ?? .seconds(3600)))
            Self.timing?.record(sent.duration(to: clock.now))
            let failure: DynamoDBError
            switch outcome {
            case .success(let (data, status)):
                if status == 200 {
                    metrics.record(operation: operation, sent: body.count, received: data.count, attempts: attempt)
                    do {
                        return try JSONDecoder().decode(Output.self, from: data)
                    } catch {
                        throw .other(operation: operation, status: status, type: "InvalidResponse", message: "the response could not be decoded: \(error)")
                    }
                }
                failure = Self.error(status: status, body: data, operation: operation, table: table)
            case .failure(let error):
                failure = error
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

    private func attemptOnce(
        _ operation: String, api: String, body: Data, timeout: Duration
    ) async -> Result<(Data, Int), DynamoDBError> {
        var signable = SignableRequest(
            method: "POST",
            headers: [
                ("Host", configuration.hostHeader), ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "\(api).\(operation)"),
            ],
            body: Array(body))
        signer.sign(&signable)
        var request = URLRequest(url: configuration.endpoint)
        request.httpMethod = "POST"
        request.httpBody = body
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        for (name, value) in signable.headers where name != "Host" {
            request.setValue(value, forHTTPHeaderField: name)
        }
        do {
            let (data, response) = try await transport.send(request)
            return .success((data, response.statusCode))
        } catch let error as URLError where error.code == .timedOut {
            return .failure(.timeout(operation: operation))
        } catch {
            return .failure(.transport(operation: operation, message: Self.describe(error)))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? URLError { return "\(error.code) (\(error.localizedDescription))" }
        return String(describing: error)
    }

    // MARK: - Errors

    private struct ErrorBody: Decodable {
        struct Reason: Decodable {
            var Code: String?
            var Message: String?
            var Item: Item?
        }
        var __type: String?
        var message: String?
        var Message: String?
        var Item: Item?
        var CancellationReasons: [Reason]?
    }

    /// The typed error for a non-200 answer, from its JSON body (or the XML that some endpoints send).
    static func error(status: Int, body: Data, operation: String, table: String?) -> DynamoDBError {
        var type = "", message = ""
        var parsed: ErrorBody?
        if let decoded = try? JSONDecoder().decode(ErrorBody.self, from: body) {
            parsed = decoded
            type = decoded.__type.map { String($0.split(separator: "#").last ?? Substring($0)) } ?? ""
            message = decoded.message ?? decoded.Message ?? ""
        } else {
            let text = String(decoding: body, as: UTF8.self)
            type = xmlElement("Code", in: text) ?? ""
            message = xmlElement("Message", in: text) ?? String(text.prefix(200))
        }
        switch type {
        case "ConditionalCheckFailedException":
            return .conditionalCheckFailed(table: table, item: parsed?.Item)
        case "TransactionCanceledException":
            let reasons = (parsed?.CancellationReasons ?? []).map {
                DynamoDBError.CancellationReason(code: $0.Code ?? "None", message: $0.Message, item: $0.Item)
            }
            return .transactionCanceled(reasons: reasons)
        case "TransactionConflictException", "TransactionInProgressException":
            return .transactionConflict(message)
        case "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "LimitExceededException":
            return .throttled(operation: operation, message: message)
        case "ValidationException", "SerializationException":
            return .validation(operation: operation, message: message)
        case "ResourceNotFoundException":
            return .resourceNotFound(table: table, message: message)
        case "UnrecognizedClientException", "InvalidSignatureException", "AccessDeniedException", "IncompleteSignatureException",
             "MissingAuthenticationTokenException", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
             "AccessDenied", "AuthFailure":
            return .accessDenied(code: type, message: message)
        default:
            if status >= 500 { return .serviceUnavailable(operation: operation, status: status, message: message) }
            if status == 403 { return .accessDenied(code: type.isEmpty ? "Forbidden" : type, message: message) }
            return .other(operation: operation, status: status, type: type, message: message)
        }
    }

    private static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}
