import EventSourcing

/// The checks every request goes through before it reaches the domain, each failing with the code the product's
/// error table gives it.
public enum RequestRules {
    /// The largest body accepted.
    public static let maxBodyBytes = 64 * 1024

    /// The body decoded as `Body` (an empty body counts as `{}`). It is parsed strictly: invalid JSON or UTF-8, or
    /// a key named twice, is `invalid_json`; not an object, a missing or mistyped field, or a field `Body` does
    /// not have, is `invalid_request` naming the field.
    public static func body<Body: Decodable>(_ type: Body.Type, of request: HTTPRequest) throws(APIError) -> Body {
        guard request.body.count <= maxBodyBytes else { throw .payloadTooLarge }
        let value: JSON
        if request.body.isEmpty {
            value = .object([:])
        } else {
            do {
                value = try JSONParser().parse(request.body)
            } catch {
                throw .invalidJSON("the body is not valid JSON: \(error.reason)")
            }
        }
        guard case .object = value else { throw .invalidRequest("the body must be a JSON object") }
        do {
            return try JSONValueDecoder(rejectsUnknownKeys: true).decode(type, from: value)
        } catch let error as JSONDecodingError {
            throw .invalidRequest(error.description)
        } catch let error as DecodingError {
            throw .invalidRequest(describe(error))
        } catch {
            throw .invalidRequest("\(error)")
        }
    }

    /// A field-naming message for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func field(_ context: DecodingError.Context) -> String {
            context.codingPath.isEmpty ? "the body" : "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            let path = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return "the field \"\(path)\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(field(context)): \(context.debugDescription)"
        @unknown default:
            return "the body does not have the expected shape"
        }
    }

    /// `Idempotency-Key`: 1 to 128 visible ASCII characters, or nil when absent.
    public static func idempotencyKey(_ request: HTTPRequest) throws(APIError) -> String? {
        guard let key = request.header("Idempotency-Key") else { return nil }
        guard (1...128).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidRequest("Idempotency-Key must be 1 to 128 visible ASCII characters")
        }
        return key
    }

    /// `If-Match: "N"` (a strong ETag holding a version), or nil when absent.
    public static func expectedVersion(_ request: HTTPRequest) throws(APIError) -> Int64? {
        guard let value = request.header("If-Match") else { return nil }
        let trimmed = value.trimmingSpaces
        guard trimmed.utf8.count >= 3, trimmed.hasPrefix("\""), trimmed.hasSuffix("\""),
              let version = Int64(trimmed.dropFirst().dropLast()), version >= 0
        else { throw .invalidRequest("If-Match must be a version in quotes, like \"3\"") }
        return version
    }

    /// An optional integer query parameter of at least `minimum` (digits only: no sign, no fraction).
    public static func integerQuery(_ request: HTTPRequest, _ name: String, minimum: Int64 = 0) throws(APIError) -> Int64? {
        guard let text = request.query[name] else { return nil }
        guard text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int64(text), value >= minimum else {
            throw .invalidRequest("\(name) must be an integer, \(minimum) or more")
        }
        return value
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...end]
    }
}
