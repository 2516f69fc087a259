import BankDomain
import EventSourcingJSON
import Foundation

/// Who may call: the JWT's `sub` claim (`AUTH_MODE=jwt`, the default) or the `X-Owner` header (`AUTH_MODE=none`,
/// local development only).
public enum AuthMode: String, Sendable {
    case jwt
    case none

    /// The caller of `request`, or `unauthenticated`.
    public func caller(of request: HTTPRequest) throws(APIError) -> String {
        let caller: String? = switch self {
        case .jwt: request.claims["sub"]
        case .none: request.header("X-Owner")
        }
        guard let caller, !caller.isEmpty, caller.utf8.count <= 256 else { throw .unauthenticated }
        return caller
    }
}

/// The checks every request goes through before it reaches the domain, each failing with the code product.md
/// gives it.
public enum RequestRules {
    /// The largest body accepted.
    public static let maxBodyBytes = 64 * 1024

    public static func accountID(_ text: String?) throws(APIError) -> AccountID {
        guard let text, let id = AccountID(text) else {
            throw .invalidRequest("the account id must be 1 to 64 letters, digits, '_' or '-'")
        }
        return id
    }

    /// The body as a JSON object with only `allowed` keys (an empty body counts as `{}`). The body is parsed
    /// strictly: invalid JSON, invalid UTF-8 or a key named twice is `invalid_json`.
    public static func jsonObject(_ request: HTTPRequest, allowed: Set<String>) throws(APIError) -> [String: JSON] {
        guard request.body.count <= maxBodyBytes else { throw .payloadTooLarge }
        guard !request.body.isEmpty else { return [:] }
        let value: JSON
        do {
            value = try JSONParser().parse(request.body)
        } catch {
            throw .invalidJSON("the body is not valid JSON: \(error.reason)")
        }
        guard let object = value.objectValue else { throw .invalidRequest("the body must be a JSON object") }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalidRequest("unknown field \"\(unknown)\"")
        }
        return object
    }

    /// The `amount` field: a whole number of cents from 1 to 1,000,000,000,000, read exactly from the JSON text
    /// (`100.0` is 100; `1.0000000000000001` is refused, never rounded).
    public static func amount(_ object: [String: JSON]) throws(APIError) -> Amount {
        guard let value = object["amount"] else { throw .invalidRequest("the amount is missing") }
        guard case .number(let text) = value else { throw .invalidRequest("the amount must be a number") }
        let range = "between \(Amount.range.lowerBound) and \(Amount.range.upperBound) cents"
        switch ExactInteger(text) {
        case .integer(let cents):
            guard let amount = Amount(cents: cents) else { throw .invalidRequest("the amount must be \(range)") }
            return amount
        case .fractional: throw .invalidRequest("the amount must be a whole number of cents")
        case .outOfRange, .invalid: throw .invalidRequest("the amount must be \(range)")
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
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 3, trimmed.hasPrefix("\""), trimmed.hasSuffix("\""),
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
