/// Who may call: the JWT's `sub` claim (`AUTH_MODE=jwt`, the default) or the `X-Owner` header (`AUTH_MODE=none`,
/// local development only).
public enum AuthMode: String, Sendable {
    /// The caller is the `sub` claim the API's JWT authorizer established.
    case jwt
    /// The caller is the `X-Owner` header: anyone can claim to be anyone (local development only).
    case none

    /// The caller of `request`, or `unauthenticated` (absent, empty, or over 256 bytes).
    public func caller(of request: HTTPRequest) throws(APIError) -> String {
        let caller: String? = switch self {
        case .jwt: request.claims["sub"]
        case .none: request.header("X-Owner")
        }
        guard let caller, !caller.isEmpty, caller.utf8.count <= 256 else { throw .unauthenticated }
        return caller
    }
}
