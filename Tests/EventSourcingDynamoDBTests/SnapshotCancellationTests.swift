import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import Foundation
import Testing

/// Answers every request with DynamoDB's `TransactionCanceledException` carrying `codes`, one per action.
private struct CancellingTransport: HTTPTransport {
    let codes: [String]

    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let reasons = codes.map { #"{"Code":"\#($0)"}"# }.joined(separator: ",")
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","message":"Transaction cancelled","CancellationReasons":[\#(reasons)]}"#
        return HTTPTransportResponse(status: 400, body: Array(body.utf8))
    }
}

@Suite("DynamoDBEventStore.saveSnapshot reads a cancelled transaction's reasons")
struct SnapshotCancellationTests {
    private func save(answering codes: [String]) async throws(EventStoreError) {
        let client = DynamoDBClient(
            configuration: DynamoDBConfiguration(
                region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:9")!,
                credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), retry: RetryPolicy(maxAttempts: 1)),
            transport: CancellingTransport(codes: codes))
        try await DynamoDBEventStore(client: client, table: "events")
            .saveSnapshot(StoredSnapshot(streamID: "s", version: 5, schemaVersion: 1, state: [:]))
    }

    @Test("a newer snapshot already kept is success; a missing event is invalid; throttling or a conflict kept nothing and is an error")
    func reasons() async throws {
        try await save(answering: ["None", "ConditionalCheckFailed"])
        await #expect { try await save(answering: ["ConditionalCheckFailed", "None"]) } throws: { error in
            if case .invalid(let message) = error as? EventStoreError { message.contains("no version 5") } else { false }
        }
        for codes in [["None", "ThrottlingError"], ["TransactionConflict", "None"]] {
            await #expect(throws: EventStoreError.self, "\(codes)") { try await save(answering: codes) }
        }
    }
}
