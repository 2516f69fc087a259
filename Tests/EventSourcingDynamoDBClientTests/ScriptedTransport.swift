import EventSourcingDynamoDBClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Answers requests from a script, one step per request, and records them: the network failures and status codes
/// that a real server only shows under load. (DynamoDB's own behaviour is tested against moto.)
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    enum Step {
        case answer(Int, String)
        case fail(URLError.Code)
    }

    private let lock = NSLock()
    private var steps: [Step]
    private(set) var requests: [URLRequest] = []

    init(_ steps: [Step]) {
        self.steps = steps
    }

    var requestCount: Int { lock.withLock { requests.count } }

    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let step: Step = lock.withLock {
            requests.append(request)
            return steps.isEmpty ? .answer(500, "{}") : steps.removeFirst()
        }
        switch step {
        case .answer(let status, let body):
            return (Data(body.utf8), HTTPURLResponse(url: request.url!, statusCode: status, httpVersion: "HTTP/1.1", headerFields: [:])!)
        case .fail(let code):
            throw URLError(code)
        }
    }

    static func error(_ type: String, _ message: String = "m") -> String {
        #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(type)","message":"\#(message)"}"#
    }
}
