#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Sends one HTTP request: the seam between the client and the network. `SocketTransport` serves both `https://`
/// endpoints (TLS on the system's OpenSSL) and `http://` ones; tests put others in between.
///
/// A transport keeps connections alive between requests when the server allows it, and retries by itself, at once
/// and only once, a request whose reused connection broke before any byte of the answer came (the peer closed it
/// while the caller was idle, or a frozen Lambda sandbox outlived it): that failure says nothing about the service,
/// so it is not the client's to back off from. Any other failure is thrown for the client's retry policy to judge.
public protocol HTTPTransport: Sendable {
    /// The response to `request`, whatever its status.
    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse
}

/// One request as the client hands it to a transport.
public struct HTTPTransportRequest: Sendable {
    /// The endpoint: scheme, host, port and path.
    public var url: URL
    /// `POST` for every DynamoDB operation.
    public var method: String
    /// The header fields, `Host` aside: the transport writes it from `url` (as `host` or `host:port`, the way the
    /// request was signed).
    public var headers: [(name: String, value: String)]
    /// The body, whole.
    public var body: [UInt8]
    /// The longest the whole exchange may take.
    public var timeout: Duration

    /// A request.
    public init(url: URL, method: String = "POST", headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A response: the status code and the body.
public struct HTTPTransportResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The body, whole.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Why a transport got no response.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request's timeout passed.
    case timedOut
    /// No connection could be made, or it broke before the whole response came; the reason, for the log.
    case failed(String)

    /// A short account of the failure, for the log.
    public var description: String {
        switch self {
        case .timedOut: "timed out"
        case .failed(let reason): reason
        }
    }
}
