import EventSourcingLambda
import EventSourcingLoopbackHTTP
import Foundation

/// What API Gateway's HTTP API hands a function for a request (payload format 2.0): header names lower-cased and
/// repeated values comma-joined, cookies apart, query parameters decoded and comma-joined, path parameters from
/// the matched route, a request context, and the body as text when it is UTF-8 and base64 otherwise.
public enum HTTPAPIEvent {
    /// The event for `request`, which matched `match`, received on `host` (the front's `127.0.0.1:PORT`).
    public static func make(
        for request: HTTPMessage, match: RouteTable.Match, host: String, requestID: String, now: Date = Date()
    ) -> APIGatewayV2Request {
        let (path, query) = split(request.target)
        var headers: [String: String] = [:]
        var cookies: [String] = []
        for field in request.headers {
            let name = field.name.lowercased()
            if name == "cookie" {
                cookies += field.value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                continue
            }
            headers[name] = headers[name].map { "\($0),\(field.value)" } ?? field.value
        }
        headers["x-forwarded-for"] = "127.0.0.1"
        headers["x-forwarded-proto"] = "http"
        headers["x-forwarded-port"] = String(host.split(separator: ":").last ?? "80")
        headers["host"] = headers["host"] ?? host

        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            parameters[name] = parameters[name].map { "\($0),\(value)" } ?? value
        }

        let time = timeFormatter.string(from: now)
        var event = APIGatewayV2Request(
            routeKey: match.routeKey, rawPath: path, rawQueryString: query, cookies: cookies.isEmpty ? nil : cookies,
            headers: headers, queryStringParameters: parameters.isEmpty ? nil : parameters,
            pathParameters: match.pathParameters.isEmpty ? nil : match.pathParameters,
            requestContext: .init(
                accountId: "000000000000", apiId: "local", domainName: host, domainPrefix: "local", requestId: requestID,
                routeKey: match.routeKey, time: time, timeEpoch: Int64(now.timeIntervalSince1970 * 1000),
                http: .init(method: request.method, path: path, sourceIp: "127.0.0.1", userAgent: headers["user-agent"] ?? "")))
        event.setBody(request.body)
        return event
    }

    /// The path and the raw query string of a request target.
    static func split(_ target: String) -> (path: String, query: String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// `27/Nov/2026:10:00:00 +0000`, the format of `requestContext.time`.
    private static let timeFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        return formatter
    }()
}
