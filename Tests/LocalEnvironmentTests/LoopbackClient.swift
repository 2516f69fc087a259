import Foundation
import LoopbackHTTP

/// A plain HTTP/1.1 client for the front, its blocking socket work done on a thread of its own (never on Swift's
/// cooperative pool). One connection; requests go out as given, byte for byte.
final class LoopbackClient: @unchecked Sendable {
    let socket: TCPSocket
    let reader: HTTPReader

    init(port: UInt16) throws {
        socket = try TCPSocket.connect(host: "127.0.0.1", port: port)
        socket.setTimeout(seconds: 30)
        reader = HTTPReader(socket: socket)
    }

    /// Sends `bytes` and reads one response (nil when the server closed the connection instead).
    func exchange(_ bytes: [UInt8]) async throws -> HTTPMessage? {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    try self.socket.send(bytes)
                    continuation.resume(returning: try self.reader.readMessage())
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    /// A request with the given method, target, headers and body.
    func request(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: String = "") async throws -> HTTPMessage? {
        try await exchange(HTTPWriter.request(method: method, target: target, host: "127.0.0.1", headers: headers, body: Array(body.utf8)))
    }
}

extension HTTPMessage {
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
}
