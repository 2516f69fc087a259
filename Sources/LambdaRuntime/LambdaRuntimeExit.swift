/// Why a runtime's loop ended (`LambdaRuntime.Exit`).
public enum LambdaRuntimeExit: Sendable, CustomStringConvertible {
    /// `AWS_LAMBDA_RUNTIME_API` is not set: there is nobody to report to.
    case missingRuntimeAPI
    /// Initialisation threw; the error was posted to `/runtime/init/error`.
    case initializationFailed(type: String, message: String)
    /// The Runtime API answered 500, or could not be reached.
    case runtimeAPIFailed(RuntimeAPIError)

    /// What ended the loop, in a sentence.
    public var description: String {
        switch self {
        case .missingRuntimeAPI:
            "AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda bootstrap and must run under the Lambda Runtime API (or scripts/dev locally)"
        case .initializationFailed(let type, let message): "initialisation failed (\(type)): \(message)"
        case .runtimeAPIFailed(let error): error.description
        }
    }
}
