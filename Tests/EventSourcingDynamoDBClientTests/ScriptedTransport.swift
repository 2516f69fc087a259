import EventSourcingDynamoDBClient
import Synchronization

/// Answers requests from a script, one step per request, and records them: the network failures and status codes
/// that a real server only shows under load. (DynamoDB's own behaviour is tested against moto.)
final class ScriptedTransport: HTTPTransport {
    enum Step: Sendable {
        case answer(Int, String)
        case fail(HTTPTransportError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPTransportRequest])>

    init(_ steps: [Step]) {
        state = Mutex((steps, []))
    }

    var requestCount: Int { state.withLock { $0.requests.count } }
    var requests: [HTTPTransportRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let step: Step = state.withLock { state in
            state.requests.append(request)
            return state.steps.isEmpty ? .answer(500, "{}") : state.steps.removeFirst()
        }
        switch step {
        case .answer(let status, let body): return HTTPTransportResponse(status: status, body: Array(body.utf8))
        case .fail(let error): throw error
        }
    }

    static func error(_ type: String, _ message: String = "m") -> String {
        #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(type)","message":"\#(message)"}"#
    }
}
