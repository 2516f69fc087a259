import EventSourcingLambda
import EventSourcingLocalRuntimeAPI
import EventSourcingLoopbackHTTP
import Foundation

/// What API Gateway's HTTP API answers for an invocation's outcome (payload format 2.0):
/// - a JSON object with `statusCode`: that status, its headers, each cookie as a `Set-Cookie`, its body
///   (base64-decoded when `isBase64Encoded`);
/// - any other valid JSON: 200, `application/json`, the JSON itself as the body;
/// - a function error, a response that is not JSON or a bad base64 body: 500 `{"message":"Internal Server Error"}`;
/// - no answer within the function's timeout: 500 too (Lambda reports the timeout as a function error);
/// - a streamed response, as a function URL answers it: with content type
///   `application/vnd.awslambda.http-integration-response`, the status, headers and cookies of its JSON prelude and
///   the bytes after the 8 NULs that end it; any other stream as a 200 `application/octet-stream` body; an error in
///   its trailers, or a prelude that does not parse, as 500. (`HTTPFront` relays a stream as it arrives; this is
///   the answer when it has not begun one.)
public struct GatewayResponse: Sendable, Equatable {
    /// The HTTP status.
    public var status: Int
    /// The response headers, `Set-Cookie` ones included.
    public var headers: HTTPHeaders
    /// The response body.
    public var body: [UInt8]
    /// Why the answer is API Gateway's own 5xx rather than the function's, for the log; nil when it is the function's.
    public var problem: String?

    /// A response with the given parts.
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
        case .streamed(let response):
            if let failure = response.failure {
                self = .gateway(500, "Internal Server Error", problem: "function error \(failure.type) after the response began: \(String(decoding: failure.body.prefix(500), as: UTF8.self))")
            } else if response.contentType == Self.httpIntegration {
                let bytes = response.body
                guard case .complete(let head, let bodyStart) = Self.prelude(bytes) else {
                    self = .gateway(500, "Internal Server Error", problem: "the function's streamed response has no valid HTTP prelude")
                    return
                }
                self = GatewayResponse(status: head.status, headers: head.headers, body: Array(bytes[bodyStart...]))
            } else {
                self = GatewayResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: response.body)
            }
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
        guard let headers = fields(response.headers, cookies: response.cookies) else {
            return .gateway(500, "Internal Server Error", problem: "the function's response has a header with a line break")
        }
        return GatewayResponse(status: response.statusCode, headers: headers, body: body)
    }

    /// The content type of a streamed HTTP response: a JSON prelude, 8 NUL bytes, then the body.
    public static let httpIntegration = "application/vnd.awslambda.http-integration-response"

    /// How far a streamed HTTP response's bytes go towards its prelude.
    public enum Prelude: Equatable, Sendable {
        /// The 8 NUL bytes that end the prelude have not come yet.
        case incomplete
        /// The prelude is not JSON with a valid status, headers and cookies.
        case invalid
        /// The status and headers it gives, and where the body starts.
        case complete(head: GatewayResponse, bodyStart: Int)
    }

    /// Reads the prelude at the start of a streamed HTTP response's `bytes`.
    public static func prelude(_ bytes: [UInt8]) -> Prelude {
        guard bytes.count >= 8, let end = (0...(bytes.count - 8)).first(where: { at in bytes[at..<(at + 8)].allSatisfy { $0 == 0 } })
        else { return .incomplete }
        guard let prelude = try? JSONDecoder().decode(StreamPrelude.self, from: Data(bytes[..<end])),
              (100...599).contains(prelude.statusCode ?? 200),
              let headers = fields(prelude.headers, cookies: prelude.cookies)
        else { return .invalid }
        return .complete(head: GatewayResponse(status: prelude.statusCode ?? 200, headers: headers, body: []), bodyStart: end + 8)
    }

    /// What a streamed HTTP response's prelude holds.
    private struct StreamPrelude: Decodable {
        var statusCode: Int?
        var headers: [String: String]?
        var cookies: [String]?
    }

    /// The headers and cookies (as `Set-Cookie`) of an answer, sorted, without `Content-Length` or
    /// `Transfer-Encoding` (the front frames the body itself); nil when one holds a line break, which would let the
    /// function forge headers.
    private static func fields(_ headers: [String: String]?, cookies: [String]?) -> HTTPHeaders? {
        var fields = HTTPHeaders()
        let all = (headers ?? [:]).sorted { $0.key < $1.key } + (cookies ?? []).map { ("Set-Cookie", $0) }
        for (name, value) in all where !name.caseInsensitiveEquals("Content-Length") && !name.caseInsensitiveEquals("Transfer-Encoding") {
            guard !name.isEmpty, !(name + value).utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return nil }
            fields.add(name, value)
        }
        return fields
    }
}
