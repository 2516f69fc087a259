/// An error that says how Lambda should report it.
///
/// The runtime posts `errorType` in the `Lambda-Runtime-Function-Error-Type` header and the error body. It
/// must have the `Category.Reason` form (`Function.InsufficientFunds`): ASCII letters, digits and one dot.
/// Errors that do not conform are reported as `Function.<TypeName>` with their `description`.
public protocol LambdaFunctionError: Error {
    /// The type Lambda reports, in `Category.Reason` form.
    var errorType: String { get }
    /// The message Lambda reports.
    var errorMessage: String { get }
}

/// An invocation that the runtime itself failed, before or after the handler ran.
public enum InvocationError: Error, Equatable, Sendable, LambdaFunctionError {
    /// The event did not decode into the handler's `Event` type.
    case invalidEvent(String)
    /// The handler's output could not be encoded.
    case invalidResponse(String)
    /// The response is larger than Lambda accepts.
    case responseTooLarge(size: Int, limit: Int)

    /// `Function.InvalidEvent`, `Function.InvalidResponse` or `Function.ResponseSizeTooLarge`.
    public var errorType: String {
        switch self {
        case .invalidEvent: "Function.InvalidEvent"
        case .invalidResponse: "Function.InvalidResponse"
        case .responseTooLarge: "Function.ResponseSizeTooLarge"
        }
    }

    /// The message, with the reason or the sizes involved.
    public var errorMessage: String {
        switch self {
        case .invalidEvent(let reason): "the event could not be decoded: \(reason)"
        case .invalidResponse(let reason): "the response could not be encoded: \(reason)"
        case .responseTooLarge(let size, let limit):
            "the response is \(size) bytes, over Lambda's limit of \(limit) bytes"
        }
    }
}

/// What the runtime posts to `/error` or `/runtime/init/error`.
struct ErrorReport: Equatable, Sendable {
    var type: String
    var message: String

    init(_ error: any Error) {
        if let described = error as? any LambdaFunctionError {
            type = Self.sanitised(described.errorType)
            message = described.errorMessage
        } else {
            type = "Function." + Self.sanitised(String(describing: Swift.type(of: error)))
            message = String(describing: error)
        }
    }

    /// The JSON body Lambda expects: `{"errorMessage", "errorType", "stackTrace"}`.
    var json: [UInt8] {
        Array(#"{"errorMessage":"\#(JSONText.escape(message))","errorType":"\#(JSONText.escape(type))","stackTrace":[]}"#.utf8)
    }

    /// Keeps the header value ASCII, single-line and in `Category.Reason` form.
    static func sanitised(_ type: String) -> String {
        let allowed = type.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == ".") }
        let text = String(String.UnicodeScalarView(allowed))
        return text.isEmpty ? "Function.Error" : text
    }
}
