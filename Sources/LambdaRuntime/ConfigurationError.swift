/// Configuration a function needs is missing or unusable. Reported to `/runtime/init/error`.
///
/// Messages name the variable, never its value: a value may be a secret.
public enum ConfigurationError: Error, Equatable, Sendable, LambdaFunctionError {
    case missing(String)
    case invalid(String, reason: String)

    public var errorType: String {
        switch self {
        case .missing: "Runtime.MissingConfiguration"
        case .invalid: "Runtime.InvalidConfiguration"
        }
    }

    public var errorMessage: String {
        switch self {
        case .missing(let name): "environment variable \(name) is required but not set"
        case .invalid(let name, let reason): "environment variable \(name) is invalid: \(reason)"
        }
    }
}
