/// Maps a method and a path pattern (`/accounts/{id}/deposit`) to a handler.
///
/// An unknown path is `not_found`; a known path with another method is `method_not_allowed` (with `Allow`).
/// Path parameters are handed to the handler by name.
public struct Router<Context: Sendable>: Sendable {
    /// Answers a request whose route matched, given the path parameters and the context.
    public typealias Handler = @Sendable (HTTPRequest, [String: String], Context) async throws(APIError) -> HTTPResponse

    private struct Route: Sendable {
        var method: String
        var segments: [Substring]
        var handler: Handler
    }

    private var routes: [Route] = []

    /// A router with no routes.
    public init() {}

    /// Adds a route: `pattern` segments in braces (`{id}`) match any one segment and are passed by name.
    public mutating func on(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method.uppercased(), segments: Self.segments(pattern), handler: handler))
    }

    /// The answer of the route `request` matches; `not_found` or `method_not_allowed` when none does.
    public func respond(to request: HTTPRequest, context: Context) async throws(APIError) -> HTTPResponse {
        let path = Self.segments(request.path)
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.match(route.segments, path) else { continue }
            guard route.method == request.method else {
                allowed.append(route.method)
                continue
            }
            return try await route.handler(request, parameters, context)
        }
        if !allowed.isEmpty { throw .methodNotAllowed(allowed) }
        throw .notFound
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func match(_ pattern: [Substring], _ path: [Substring]) -> [String: String]? {
        guard pattern.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.hasPrefix("{") && expected.hasSuffix("}") {
                parameters[String(expected.dropFirst().dropLast())] = actual.percentDecoded ?? String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
