import EventSourcingLoopbackHTTP

/// A failure talking to the Runtime API. Each ends the process (Lambda starts a new one), except
/// `streamInterrupted`: a streamed response cannot be sent again, so its invocation is lost, but the next `/next`
/// may well find the Runtime API again.
public enum RuntimeAPIError: Error, Sendable, CustomStringConvertible {
    /// `AWS_LAMBDA_RUNTIME_API` is not `host:port`.
    case invalidEndpoint(String)
    /// The connection could not be (re)established after the bounded retries.
    case connectionLost(attempts: Int, underlying: String)
    /// The Runtime API answered 500: per its contract, the runtime must exit.
    case serverError(path: String)
    /// A status the contract does not allow for this request.
    case unexpectedStatus(Int, path: String)
    /// The answer is not the HTTP the Runtime API speaks (or lacks a required header).
    case malformedResponse(String)
    /// The connection broke in the middle of a streamed response.
    case streamInterrupted(String)

    /// What failed, with the value, path or status involved.
    public var description: String {
        switch self {
        case .invalidEndpoint(let value): "AWS_LAMBDA_RUNTIME_API must be host:port, got \"\(value)\""
        case .connectionLost(let attempts, let underlying):
            "lost the connection to the Runtime API after \(attempts) attempts: \(underlying)"
        case .serverError(let path): "the Runtime API answered 500 to \(path)"
        case .unexpectedStatus(let status, let path): "the Runtime API answered \(status) to \(path)"
        case .malformedResponse(let reason): "malformed Runtime API response: \(reason)"
        case .streamInterrupted(let reason): "the connection to the Runtime API broke during a streamed response: \(reason)"
        }
    }
}
