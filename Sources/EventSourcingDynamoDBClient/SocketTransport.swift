import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LoopbackHTTP

/// Plain-HTTP transport on POSIX sockets, for `http://` endpoints (a local DynamoDB such as moto).
///
/// URLSession spins a CPU core while it waits for an answer on a fresh connection, and a server that answers
/// `Connection: close` (moto does) makes every connection fresh. Here each request blocks on a thread of its
/// own instead, costing no CPU while it waits; the socket's send and receive timeouts bound it.
/// HTTPS endpoints (DynamoDB itself) use `URLSessionTransport`.
public struct SocketTransport: HTTPTransport {
    public init() {}

    public func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try Self.exchange(request) }) }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    private static func exchange(_ request: URLRequest) throws -> (Data, HTTPURLResponse) {
        guard let url = request.url, url.scheme == "http", let host = url.host else { throw URLError(.unsupportedURL) }
        let port = UInt16(url.port ?? 80)
        let socket: TCPSocket
        do {
            socket = try TCPSocket.connect(host: host, port: port)
        } catch {
            throw URLError(.cannotConnectToHost)
        }
        defer { socket.close() }
        socket.setTimeout(seconds: request.timeoutInterval)
        var headers = HTTPHeaders()
        for (name, value) in request.allHTTPHeaderFields ?? [:] where name.lowercased() != "host" { headers.add(name, value) }
        headers.add("Connection", "close")
        let path = url.path.isEmpty ? "/" : url.path
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        do {
            try socket.send(HTTPWriter.request(
                method: request.httpMethod ?? "GET", target: path, host: hostHeader, headers: headers,
                body: request.httpBody.map(Array.init) ?? []))
            guard let response = try HTTPReader(socket: socket).readMessage() else { throw URLError(.networkConnectionLost) }
            var fields: [String: String] = [:]
            for field in response.headers { fields[field.name] = field.value }
            guard let http = HTTPURLResponse(url: url, statusCode: response.status, httpVersion: "HTTP/1.1", headerFields: fields) else {
                throw URLError(.badServerResponse)
            }
            return (Data(response.body), http)
        } catch let error as SocketError where error.code == EAGAIN || error.code == EWOULDBLOCK {
            throw URLError(.timedOut)
        } catch let error as HTTPReader.Failure {
            if case .socket(let socketError) = error, socketError.code == EAGAIN || socketError.code == EWOULDBLOCK {
                throw URLError(.timedOut)
            }
            throw URLError(.networkConnectionLost)
        } catch let error as SocketError {
            _ = error
            throw URLError(.networkConnectionLost)
        }
    }
}
