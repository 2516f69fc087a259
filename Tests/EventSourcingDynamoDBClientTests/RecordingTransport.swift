import EventSourcingDynamoDBClient
import Synchronization

/// A real transport (`SocketTransport`) that keeps the body of every response, so that a test can decode what the
/// server actually sent in more than one way.
final class RecordingTransport: HTTPTransport {
    private let base = SocketTransport()
    private let bodies = Mutex<[(target: String, body: [UInt8])]>([])

    /// The response bodies so far, with the `X-Amz-Target` of their requests.
    var responses: [(target: String, body: [UInt8])] { bodies.withLock { $0 } }

    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let response = try await base.send(request)
        let target = request.headers.first { $0.name.lowercased() == "x-amz-target" }?.value ?? ""
        bodies.withLock { $0.append((target, response.body)) }
        return response
    }
}
