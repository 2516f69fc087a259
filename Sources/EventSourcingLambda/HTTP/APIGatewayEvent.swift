#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcing

/// An API Gateway event read straight from its bytes (one strict pass, no Codable): what the command function
/// needs of it, from the HTTP API (2.0) or the REST API (1.0) payload format. The members a request is made of are
/// built (a key named twice among them is refused); the rest is checked as JSON and skipped, its keys not compared
/// with one another.
enum APIGatewayEvent {
    /// Why the bytes are not an API Gateway event.
    struct NotAnEvent: Error {
        var reason: String
    }

    /// The request an event carries: `.success` with the request, `.failure` with the answer to give when the event
    /// is well formed but its body is not (base64 flagged, not base64); throws when it is not an event at all.
    static func request(from bytes: [UInt8]) throws(NotAnEvent) -> (format: HTTPRequest.Format, request: Result<HTTPRequest, APIError>) {
        let root: [String: JSON]
        do {
            let event = try JSONScanner.scan(bytes) { (scanner) throws(JSONError) in try scanner.value(selecting: used) }
            guard let object = event.objectValue else { throw NotAnEvent(reason: "not an API Gateway event: not a JSON object") }
            root = object
        } catch let error as NotAnEvent {
            throw error
        } catch {
            throw NotAnEvent(reason: "not an API Gateway event: \(error)")
        }
        if root["version"] == .string("2.0") {
            return (.httpAPI, try httpAPI(root))
        }
        return (.restAPI, try restAPI(root))
    }

    /// The members either format's request is read from; the rest (the request context's other figures, stage
    /// variables, cookies, path parameters…) is checked as JSON but not built.
    private static let used = JSONSelection.members([
        "version": .everything, "rawPath": .everything, "path": .everything, "httpMethod": .everything, "headers": .everything,
        "multiValueHeaders": .everything, "queryStringParameters": .everything, "body": .everything, "isBase64Encoded": .everything,
        "requestContext": .members([
            "requestId": .everything, "http": .members(["method": .everything]),
            "authorizer": .members(["jwt": .members(["claims": .everything]), "claims": .everything]),
        ]),
    ])

    /// HTTP API (2.0): `rawPath`, `requestContext.http.method`, lower-case `headers`, `queryStringParameters`,
    /// `requestContext.authorizer.jwt.claims`.
    private static func httpAPI(_ root: [String: JSON]) throws(NotAnEvent) -> Result<HTTPRequest, APIError> {
        let context = try object(root["requestContext"], "requestContext", required: true)
        let http = try object(context["http"], "requestContext.http", required: true)
        let claims = try object(try object(try object(context["authorizer"], "requestContext.authorizer")["jwt"], "requestContext.authorizer.jwt")["claims"], "claims")
        return body(root).map { body in
            HTTPRequest(
                format: .httpAPI, method: http["method"]?.stringValue ?? "", path: root["rawPath"]?.stringValue ?? "/",
                headers: root["headers"]?.objectValue?.compactMapValues(\.stringValue) ?? [:],
                query: root["queryStringParameters"]?.objectValue?.compactMapValues(\.stringValue) ?? [:], body: body,
                requestID: context["requestId"]?.stringValue ?? "", claims: claims.compactMapValues(\.text))
        }
    }

    /// REST API (1.0): `path`, `httpMethod`, `headers` merged over `multiValueHeaders`, `queryStringParameters`,
    /// `requestContext.authorizer.claims`.
    private static func restAPI(_ root: [String: JSON]) throws(NotAnEvent) -> Result<HTTPRequest, APIError> {
        guard let method = root["httpMethod"]?.stringValue, let path = root["path"]?.stringValue else {
            throw NotAnEvent(reason: "not an API Gateway event: no version 2.0, and no httpMethod and path")
        }
        let context = try object(root["requestContext"], "requestContext")
        let claims = try object(try object(context["authorizer"], "requestContext.authorizer")["claims"], "claims")
        var headers: [String: String] = [:]
        for (name, values) in try object(root["multiValueHeaders"], "multiValueHeaders") {
            guard case .array(let list) = values else { continue }
            headers[name] = list.compactMap(\.stringValue).joined(separator: ",")
        }
        for (name, value) in try object(root["headers"], "headers") {
            if let text = value.stringValue { headers[name] = text }
        }
        return body(root).map { body in
            HTTPRequest(
                format: .restAPI, method: method, path: path, headers: headers,
                query: root["queryStringParameters"]?.objectValue?.compactMapValues(\.stringValue) ?? [:], body: body,
                requestID: context["requestId"]?.stringValue ?? "", claims: claims.compactMapValues(\.text))
        }
    }

    /// The members of an object field; absent or null is empty, another kind is not an event (when `required`, absent is too).
    private static func object(_ value: JSON?, _ name: String, required: Bool = false) throws(NotAnEvent) -> [String: JSON] {
        switch value {
        case .object(let members)?: return members
        case nil, .null?:
            if required { throw NotAnEvent(reason: "not an API Gateway event: \(name) is missing") }
            return [:]
        default: throw NotAnEvent(reason: "not an API Gateway event: \(name) is not an object")
        }
    }

    /// The body's bytes: the text, or its base64 when `isBase64Encoded`; invalid base64 is `invalid_request`.
    private static func body(_ root: [String: JSON]) -> Result<[UInt8], APIError> {
        guard let text = root["body"]?.stringValue else { return .success([]) }
        guard root["isBase64Encoded"] == .bool(true) else { return .success(Array(text.utf8)) }
        guard let data = Data(base64Encoded: text) else { return .failure(.invalidRequest("the body is not valid base64")) }
        return .success(Array(data))
    }
}

extension HTTPResponse {
    /// The response as the event's format wants it (`statusCode`, `headers`, `body`, `isBase64Encoded`): the body
    /// as text when it is UTF-8, else base64; written straight into bytes.
    func eventBytes(_ format: HTTPRequest.Format) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("statusCode"); writer.number(status)
        writer.key("headers"); writer.beginObject()
        for name in headers.keys.sorted() {
            writer.key(name); writer.string(headers[name]!)
        }
        writer.endObject()
        writer.key("body")
        if let text = String(validating: body, as: UTF8.self) {
            writer.string(text)
            writer.key("isBase64Encoded"); writer.bool(false)
        } else {
            writer.string(Data(body).base64EncodedString())
            writer.key("isBase64Encoded"); writer.bool(true)
        }
        writer.endObject()
        return writer.bytes
    }
}
