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

/// HTTP/1.1 on POSIX sockets, for `https://` endpoints (DynamoDB itself) over TLS on the system's OpenSSL 3, and for
/// `http://` ones (a local DynamoDB such as moto).
///
/// Each request blocks a thread of `BlockingWorkers.shared` (or runs in place on a thread that may block, such as the
/// Lambda runtime's), costing no CPU while it waits; a deadline bounds the whole exchange, TLS handshake included.
/// Connections are kept alive when the server allows it (HTTP/1.1 without `Connection: close`) and reused, one request
/// at a time each. A reused connection that fails before any byte of the answer (the server closed it while it was
/// idle, or while the sandbox was frozen) is replaced at once by a fresh one, and the request sent again, once.
///
/// OpenSSL (`libssl.so.3`) is not linked: it is loaded at the first `https://` request, so a process that talks plain
/// HTTP never maps it. If it cannot be loaded, or the certificates to trust cannot be read, every `https://` request
/// fails with `HTTPTransportError.failed` saying why, and the next one tries again.
public final class SocketTransport: HTTPTransport {
    /// Idle connections, by `scheme://host:port`, most recently used last.
    private let idle = Mutex<[String: [any Connection]]>([:])
    /// The most idle connections kept per endpoint.
    private let maxIdlePerEndpoint: Int
    /// The PEM file of the certificates a server's chain must end in; nil for the system's store.
    public let certificateAuthorities: String?
    /// The TLS settings, made at the first `https://` connection.
    private let tls = Mutex<TLSContext?>(nil)

    /// A transport keeping up to `maxIdlePerEndpoint` idle connections per endpoint. `certificateAuthorities` names a
    /// PEM file to trust for TLS instead of the system's store (a few roots parse in well under a millisecond; the
    /// system's whole bundle, about 140 certificates, took 19 ms of CPU at the first connection here).
    public init(maxIdlePerEndpoint: Int = 4, certificateAuthorities: String? = nil) {
        self.maxIdlePerEndpoint = maxIdlePerEndpoint
        self.certificateAuthorities = certificateAuthorities
    }

    /// The response to `request`, whatever its status, exchanged on a thread of `BlockingWorkers.shared`.
    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let result = await BlockingWorkers.shared.run { Result { () throws(HTTPTransportError) in try self.exchange(request) } }
        guard let result else { throw .failed("no thread could be started for the request") }
        return try result.get()
    }

    /// One request and its response, on a kept connection when there is one.
    private func exchange(_ request: HTTPTransportRequest) throws(HTTPTransportError) -> HTTPTransportResponse {
        guard let scheme = request.url.scheme, scheme == "http" || scheme == "https", let host = request.url.host else {
            throw .failed("not an http:// or https:// URL: \(request.url)")
        }
        let secure = scheme == "https"
        let port = UInt16(request.url.port ?? (secure ? 443 : 80))
        let endpoint = "\(scheme)://\(host):\(port)"
        var headers = HTTPHeaders(capacity: request.headers.count)
        for (name, value) in request.headers where !name.caseInsensitiveEquals("host") { headers.add(name, value) }
        let message = HTTPWriter.request(
            method: request.method, target: request.url.path.isEmpty ? "/" : request.url.path,
            host: port == (secure ? 443 : 80) ? host : "\(host):\(port)", headers: headers, body: request.body)
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
        let socket = try connect(host: host, port: port, secure: secure, deadline: deadline)
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

    /// A fresh connection to `host:port`, its TLS handshake done when `secure` (OpenSSL is loaded first: without it,
    /// nothing is sent).
    private func connect(host: String, port: UInt16, secure: Bool, deadline: ContinuousClock.Instant) throws(HTTPTransportError) -> any Connection {
        let context = secure ? try self.context() : nil
        let socket: TCPSocket
        do {
            socket = try TCPSocket.connect(host: host, port: port, until: deadline, blocking: !secure)
        } catch {
            if error.code == EAGAIN { throw .timedOut }
            throw .failed("cannot connect to \(host):\(port): \(error)")
        }
        guard let context else { return socket }
        let connection: TLSConnection
        do {
            connection = try TLSConnection(socket: socket, context: context, host: host)
        } catch {
            socket.close()
            throw .failed("TLS with \(host):\(port) failed: \(error)")
        }
        do {
            try connection.handshake(until: deadline)
        } catch {
            connection.close()
            if error.code == EAGAIN { throw .timedOut }
            throw .failed("TLS with \(host):\(port) failed: \(error)")
        }
        return connection
    }

    /// The TLS settings, made (OpenSSL loaded, the certificates read) at the first call that succeeds.
    private func context() throws(HTTPTransportError) -> TLSContext {
        try tls.withLock { (context) throws(HTTPTransportError) -> TLSContext in
            if let context { return context }
            let made = try TLSContext(certificateAuthorities: certificateAuthorities)
            context = made
            return made
        }
    }

    private func attempt(_ message: [UInt8], on socket: any Connection, deadline: ContinuousClock.Instant) -> Outcome {
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
    private func takeIdle(_ endpoint: String) -> (any Connection)? {
        while let socket = idle.withLock({ $0[endpoint]?.popLast() }) {
            if !socket.peerHasClosed { return socket }
            socket.close()
        }
        return nil
    }

    /// Keeps `socket` for the next request when it may carry one and there is room; closes it otherwise.
    private func release(_ socket: any Connection, endpoint: String, keep: Bool) {
        let kept = keep && idle.withLock { idle in
            guard idle[endpoint, default: []].count < maxIdlePerEndpoint else { return false }
            idle[endpoint, default: []].append(socket)
            return true
        }
        if !kept { socket.close() }
    }
}

/// A connection `SocketTransport` sends requests on and keeps: a `TCPSocket`, or a `TLSConnection` over one.
protocol Connection: ByteStream {
    /// Writes every byte before `deadline`; `EAGAIN` when the deadline comes first.
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(SocketError)
    /// True when an idle connection must not carry another request; never blocks.
    var peerHasClosed: Bool { get }
    /// Closes it; calling it again does nothing.
    func close()
}

extension TCPSocket: Connection {}
extension TLSConnection: Connection {}
