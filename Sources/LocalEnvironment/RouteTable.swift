import Foundation

/// The HTTP API's routes, matched as API Gateway matches them: a literal segment beats `{parameter}`, which beats a
/// greedy `{parameter+}`; `ANY` matches every method; no route means 404.
public struct RouteTable: Sendable {
    /// A matched route and its path parameters (percent-decoded).
    public struct Match: Sendable, Equatable {
        public var route: TemplateSettings.Route
        public var pathParameters: [String: String]
        /// `METHOD /path/{parameter}`, as the event's `routeKey`.
        public var routeKey: String { "\(route.method) \(route.path)" }
    }

    public let routes: [TemplateSettings.Route]

    public init(_ routes: [TemplateSettings.Route]) {
        self.routes = routes
    }

    /// The best route for `method` and the raw (still percent-encoded) `path`, or nil.
    public func match(method: String, path: String) -> Match? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var best: (match: Match, score: [Int])?
        for route in routes where route.method == "ANY" || route.method == method.uppercased() {
            guard let (parameters, score) = Self.match(pattern: route.path, segments) else { continue }
            let candidate = Match(route: route, pathParameters: parameters)
            // Earlier segments decide first; within one, literal (2) > parameter (1) > greedy (0).
            if best == nil || score.lexicographicallyPrecedes(best!.score, by: >) { best = (candidate, score) }
        }
        return best?.match
    }

    private static func match(pattern: String, _ segments: [String]) -> ([String: String], [Int])? {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var parameters: [String: String] = [:]
        var score: [Int] = []
        for (index, part) in parts.enumerated() {
            if part.hasPrefix("{") && part.hasSuffix("+}") {
                guard index < segments.count else { return nil }
                let rest = segments[index...].joined(separator: "/")
                guard !rest.isEmpty else { return nil }
                parameters[String(part.dropFirst().dropLast(2))] = rest.removingPercentEncoding ?? rest
                return (parameters, score + [0])
            }
            guard index < segments.count else { return nil }
            let segment = segments[index]
            if part.hasPrefix("{") && part.hasSuffix("}") {
                guard !segment.isEmpty else { return nil }
                parameters[String(part.dropFirst().dropLast())] = segment.removingPercentEncoding ?? segment
                score.append(1)
            } else {
                guard part == segment else { return nil }
                score.append(2)
            }
        }
        return parts.count == segments.count ? (parameters, score) : nil
    }
}
