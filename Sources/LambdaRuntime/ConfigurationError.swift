/// Configuration a function needs is missing or unusable. Reported to `/runtime/init/error`.
///
/// Messages name the variable, never its value: a value may be a secret.
public enum ConfigurationError: Error, Equatable, Sendable, LambdaFunctionError {
    /// The named variable is required but not set.
    case missing(String)
    /// The named variable is set to a value that cannot be used, and why.
    case invalid(String, reason: String)

    /// `Runtime.MissingConfiguration` or `Runtime.InvalidConfiguration`.
    public var errorType: String {
        switch self {
        case .missing: "Runtime.MissingConfiguration"
        case .invalid: "Runtime.InvalidConfiguration"
        }
    }

    /// The message, naming the variable.
    public var errorMessage: String {
        switch self {
        case .missing(let name): "environment variable \(name) is required but not set"
        case .invalid(let name, let reason): "environment variable \(name) is invalid: \(reason)"
        }
    }
}
