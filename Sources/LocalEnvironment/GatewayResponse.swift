import EventSourcingLambda
import Foundation
import LocalRuntimeAPI
import LoopbackHTTP

/// What API Gateway's HTTP API answers for an invocation's outcome (payload format 2.0):
/// - a JSON object with `statusCode`: that status, its headers, each cookie as a `Set-Cookie`, its body
///   (base64-decoded when `isBase64Encoded`);
/// - any other valid JSON: 200, `application/json`, the JSON itself as the body;
/// - a function error, a response that is not JSON or a bad base64 body: 500 `{"message":"Internal Server Error"}`;
/// - no answer within the function's timeout: 500 too (Lambda reports the timeout as a function error).
public struct GatewayResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Why the answer is API Gateway's own 5xx rather than the function's, for the log; nil when it is the function's.
    public var problem: String?

    public init(status: Int, headers: HTTPHeaders, body: [UInt8], problem: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.problem = problem
    }

    /// API Gateway's own answer: `{"message": …}`.
    public static func gateway(_ status: Int, _ message: String, problem: String? = nil) -> GatewayResponse {
        GatewayResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(#"{"message":"\#(message)"}"#.utf8), problem: problem)
    }

    /// The answer for `result`.
    public init(_ result: InvocationResult) {
        switch result {
        case .response(let bytes):
            self = Self.decode(bytes)
        case .error(let type, let body):
            self = .gateway(500, "Internal Server Error", problem: "function error \(type): \(String(decoding: body.prefix(500), as: UTF8.self))")
        case .responseTooLarge(let size):
            self = .gateway(500, "Internal Server Error", problem: "the function's response of \(size) bytes is over Lambda's limit")
        case .timedOut:
            self = .gateway(500, "Internal Server Error", problem: "the function timed out")
        case .serverStopped:
            self = .gateway(503, "Service Unavailable", problem: "the local environment is stopping")
        }
    }

    private static func decode(_ bytes: [UInt8]) -> GatewayResponse {
        // The usual answer decodes at once; only what does not is looked at again, to tell plain JSON from a mistake.
        guard let response = try? JSONDecoder().decode(APIGatewayV2Response.self, from: Data(bytes)) else {
            guard let json = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
                return .gateway(500, "Internal Server Error", problem: "the function's response is not JSON")
            }
            guard let object = json as? [String: Any], object["statusCode"] != nil else {
                return GatewayResponse(status: 200, headers: ["Content-Type": "application/json"], body: bytes)
            }
            return .gateway(500, "Internal Server Error", problem: "the function's response has an invalid statusCode, headers or cookies")
        }
        guard (100...599).contains(response.statusCode) else {
            return .gateway(500, "Internal Server Error", problem: "the function's response has an invalid statusCode \(response.statusCode)")
        }
        var body = Array((response.body ?? "").utf8)
        if response.isBase64Encoded == true {
            guard let decoded = Data(base64Encoded: response.body ?? "") else {
                return .gateway(500, "Internal Server Error", problem: "the function's response body is flagged base64 but is not")
            }
            body = Array(decoded)
        }
        var headers = HTTPHeaders()
        let fields = (response.headers ?? [:]).sorted { $0.key < $1.key } + (response.cookies ?? []).map { ("Set-Cookie", $0) }
        for (name, value) in fields where !name.caseInsensitiveEquals("Content-Length") {
            guard !name.isEmpty, !(name + value).utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
                return .gateway(500, "Internal Server Error", problem: "the function's response has a header with a line break")
            }
            headers.add(name, value)
        }
        return GatewayResponse(status: response.statusCode, headers: headers, body: body)
    }
}
