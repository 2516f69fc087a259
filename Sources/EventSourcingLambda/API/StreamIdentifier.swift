/// The `{id}` of a route: text from the path that names a stream.
///
/// ```swift
/// public struct AccountID: StreamIdentifier {
///     public static let format = "1 to 64 letters, digits, '_' or '-'"
///     public init?(_ text: String) { … }          // nil for text that is not an id
///     public var streamID: String { "account#\(rawValue)" }
/// }
/// ```
public protocol StreamIdentifier: Sendable {
    /// What a valid id looks like, for the `invalid_request` message.
    static var format: String { get }
    /// The id `text` names, or nil when it is not one.
    init?(_ text: String)
    /// The id as it appears in paths.
    var rawValue: String { get }
    /// The stream it names.
    var streamID: String { get }
}

extension StreamIdentifier {
    /// The id in `parameters["id"]`, or `invalid_request`.
    static func parse(_ parameters: [String: String]) throws(APIError) -> Self {
        guard let text = parameters["id"], let id = Self(text) else { throw .invalidRequest("the id must be \(format)") }
        return id
    }
}
