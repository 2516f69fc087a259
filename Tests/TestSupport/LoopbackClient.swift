import EventSourcingLoopbackHTTP
import Foundation

/// A plain HTTP/1.1 client on one keep-alive connection, to speak to a loopback server as any peer would: requests
/// go out byte for byte as given. Its calls block in `recv`, so each runs on a thread of its own: blocking Swift's
/// cooperative pool could starve the tasks the test is waiting on.
public final class LoopbackClient: @unchecked Sendable {
    /// The connection, for tests that write to it or close it directly.
    public let socket: TCPSocket
    private let reader: HTTPReader
    private let host: String

    /// Connects to `127.0.0.1:port`, with a 30-second socket timeout; `host` is the `Host` header sent (by default
    /// `127.0.0.1:PORT`).
    public init(port: UInt16, host: String? = nil) throws {
        socket = try TCPSocket.connect(host: "127.0.0.1", port: port)
        socket.setTimeout(seconds: 30)
        reader = HTTPReader(socket: socket)
        self.host = host ?? "127.0.0.1:\(port)"
    }

    /// Sends `bytes` and reads one response (nil when the server closed the connection instead).
    public func exchange(_ bytes: [UInt8]) async throws -> HTTPMessage? {
        try await withCheckedThrowingContinuation { continuation in
            DetachedThread.start {
                continuation.resume(with: Result {
                    try self.socket.send(bytes)
                    return try self.reader.readMessage()
                })
            }
        }
    }

    /// A request with the given method, target, headers and body.
    public func request(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: String = "") async throws -> HTTPMessage? {
        try await exchange(HTTPWriter.request(method: method, target: target, host: host, headers: headers, body: Array(body.utf8)))
    }
}

extension HTTPMessage {
    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as a JSON object (empty when it is not one).
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
}
