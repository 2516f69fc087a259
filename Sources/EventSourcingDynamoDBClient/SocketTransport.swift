#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcingLoopbackHTTP
import Synchronization

/// Plain-HTTP transport on POSIX sockets, for `http://` endpoints (a local DynamoDB such as moto).
///
/// Each request blocks a thread of `BlockingWorkers.shared`, costing no CPU while it waits; a deadline bounds the
/// whole exchange. Connections are kept alive when the server allows it (HTTP/1.1 without `Connection: close`) and
/// reused, one request at a time each. A reused connection that fails before any byte of the answer (the server
/// closed it while it was idle) is replaced at once by a fresh one, and the request sent again, once. HTTPS
/// endpoints use `CurlTransport`.
public final class SocketTransport: HTTPTransport {
    /// Idle connections, by `host:port`, most recently used last.
    private let idle = Mutex<[String: [TCPSocket]]>([:])
    /// The most idle connections kept per endpoint.
    private let maxIdlePerEndpoint: Int

    /// A transport keeping up to `maxIdlePerEndpoint` idle connections per endpoint.
    public init(maxIdlePerEndpoint: Int = 4) {
        self.maxIdlePerEndpoint = maxIdlePerEndpoint
    }

    /// The response to `request`, whatever its status, exchanged on a thread of `BlockingWorkers.shared`.
    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let result = await BlockingWorkers.shared.run { Result { () throws(HTTPTransportError) in try self.exchange(request) } }
        guard let result else { throw .failed("no thread could be started for the request") }
        return try result.get()
    }

    /// One request and its response, on a kept connection when there is one.
    private func exchange(_ request: HTTPTransportRequest) throws(HTTPTransportError) -> HTTPTransportResponse {
        guard request.url.scheme == "http", let host = request.url.host else { throw .failed("not an http:// URL: \(request.url)") }
        let port = UInt16(request.url.port ?? 80)
        let endpoint = "\(host):\(port)"
        var headers = HTTPHeaders(capacity: request.headers.count)
        for (name, value) in request.headers where !name.caseInsensitiveEquals("host") { headers.add(name, value) }
        let message = HTTPWriter.request(
            method: request.method, target: request.url.path.isEmpty ? "/" : request.url.path,
            host: request.url.port.map { "\(host):\($0)" } ?? host, headers: headers, body: request.body)
        let deadline = ContinuousClock.now + request.timeout
        if let kept = takeIdle(endpoint) {
            switch attempt(message, on: kept, deadline: deadline) {
            case .answered(let response, let keep):
                release(kept, endpoint: endpoint, keep: keep)
                return response
            case .failed(let error, let beforeAnswer):
                kept.close()
                guard beforeAnswer else { throw error }
            }
        }
        let socket: TCPSocket
        do {
            socket = try TCPSocket.connect(host: host, port: port)
        } catch {
            throw .failed("cannot connect to \(endpoint): \(error)")
        }
        switch attempt(message, on: socket, deadline: deadline) {
        case .answered(let response, let keep):
            release(socket, endpoint: endpoint, keep: keep)
            return response
        case .failed(let error, _):
            socket.close()
            throw error
        }
    }

    private enum Outcome {
        /// The response, and whether the connection may carry another request.
        case answered(HTTPTransportResponse, keep: Bool)
        /// The failure, and whether it came before any byte of the answer.
        case failed(HTTPTransportError, beforeAnswer: Bool)
    }

    private func attempt(_ message: [UInt8], on socket: TCPSocket, deadline: ContinuousClock.Instant) -> Outcome {
        guard deadline > .now else { return .failed(.timedOut, beforeAnswer: false) }
        let reader = HTTPReader(socket: socket)
        do {
            try socket.send(message, until: deadline)
            guard let response = try reader.readMessage(deadline: deadline) else {
                return .failed(.failed("the server closed the connection without answering"), beforeAnswer: true)
            }
            let keep = !response.wantsClose && response.startLine.0 == "HTTP/1.1"
            return .answered(HTTPTransportResponse(status: response.status, body: response.body), keep: keep)
        } catch let error as SocketError {
            if error.code == EAGAIN || error.code == EWOULDBLOCK { return .failed(.timedOut, beforeAnswer: false) }
            return .failed(.failed("the connection broke: \(error)"), beforeAnswer: reader.receivedByteCount == 0)
        } catch let error as HTTPReader.Failure {
            switch error {
            case .timedOut: return .failed(.timedOut, beforeAnswer: false)
            case .socket(let socketError) where socketError.code == EAGAIN || socketError.code == EWOULDBLOCK:
                return .failed(.timedOut, beforeAnswer: false)
            default: return .failed(.failed("the connection broke: \(error)"), beforeAnswer: reader.receivedByteCount == 0)
            }
        } catch {
            return .failed(.failed(String(describing: error)), beforeAnswer: false)
        }
    }

    /// A kept connection to `endpoint` the server has not closed, if there is one.
    private func takeIdle(_ endpoint: String) -> TCPSocket? {
        while let socket = idle.withLock({ $0[endpoint]?.popLast() }) {
            if !socket.peerHasClosed { return socket }
            socket.close()
        }
        return nil
    }

    /// Keeps `socket` for the next request when it may carry one and there is room; closes it otherwise.
    private func release(_ socket: TCPSocket, endpoint: String, keep: Bool) {
        let kept = keep && idle.withLock { idle in
            guard idle[endpoint, default: []].count < maxIdlePerEndpoint else { return false }
            idle[endpoint, default: []].append(socket)
            return true
        }
        if !kept { socket.close() }
    }
}
