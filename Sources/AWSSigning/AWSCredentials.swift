/// An access key, its secret and (for temporary credentials) a session token.
///
/// `description` and `debugDescription` show the access key id only: the secret and the token never reach a log,
/// an error message or a debugger print through this type.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`.
    public init(environment: [String: String]) throws(AWSConfigurationError) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let id = value("AWS_ACCESS_KEY_ID") else { throw .missing("AWS_ACCESS_KEY_ID") }
        guard let secret = value("AWS_SECRET_ACCESS_KEY") else { throw .missing("AWS_SECRET_ACCESS_KEY") }
        self.init(accessKeyID: id, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }

    public var debugDescription: String { description }
}

/// Configuration that AWS clients need is missing or invalid. Names the variable, never its value.
public enum AWSConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(String)
    case invalid(String, reason: String)

    public var description: String {
        switch self {
        case .missing(let name): "environment variable \(name) is required but not set"
        case .invalid(let name, let reason): "environment variable \(name) is invalid: \(reason)"
        }
    }
}
