/// The body of a command that takes no fields: `{}` or nothing at all (any field is refused).
public struct NoBody: Codable, Sendable, Equatable {
    /// An empty body.
    public init() {}
}
