#if canImport(Glibc)
import Glibc
#endif
import EventSourcingCTLS
import EventSourcingLoopbackHTTP
import Synchronization

/// A TLS client connection over a `TCPSocket`, on the system's OpenSSL: the handshake, then reads and writes that wait
/// for the socket with `poll` up to a deadline. One thread uses it at a time, as `SocketTransport` does.
final class TLSConnection: ByteStream {
    /// The connection underneath, non-blocking.
    let socket: TCPSocket
    /// OpenSSL's `SSL`, used by one thread at a time and freed once, under `state`'s lock.
    nonisolated(unsafe) private let tls: OpaquePointer
    /// Where OpenSSL's calls write why they failed: one buffer for the connection's life, not one a call.
    nonisolated(unsafe) private let error: UnsafeMutablePointer<CChar>
    private struct State {
        /// Until when a `receive` may wait for the rest of a record: the deadline of the last `waitForInput` (a day
        /// before the first, so that a `receive` on its own blocks, as a socket's does).
        var readDeadline = ContinuousClock.now + .seconds(86_400)
        var closed = false
    }
    private let state = Mutex(State())

    /// A connection to `host` (a name, sent as SNI and checked against the certificate's names, or an IP address,
    /// checked against its addresses) over `socket`, which must be non-blocking (`TCPSocket.connect(…, blocking:
    /// false)`). The handshake is `handshake(until:)`.
    init(socket: TCPSocket, context: TLSContext, host: String) throws(SocketError) {
        // An address exactly as the connect read it (inet_pton), else a name: the certificate is checked against what
        // was dialled.
        let isAddress: Int32 = Self.isAddress(host) ? 1 : 0
        let error = UnsafeMutablePointer<CChar>.allocate(capacity: TLSContext.errorCapacity)
        guard let tls = host.withCString({ es_tls_new(context.pointer, socket.descriptor, $0, isAddress, error, TLSContext.errorCapacity) }) else {
            defer { error.deallocate() }
            throw SocketError(String(cString: error), code: 0)
        }
        self.socket = socket
        self.tls = tls
        self.error = error
    }

    deinit { close() }

    /// Whether `host` is a numeric IPv4 or IPv6 address, as `inet_pton` reads one.
    private static func isAddress(_ host: String) -> Bool {
        var buffer = in6_addr()
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }

    /// Completes the handshake, the server's certificate verified, by `deadline` (else `EAGAIN`).
    func handshake(until deadline: ContinuousClock.Instant) throws(SocketError) {
        while true {
            let result = es_tls_handshake(tls, error, TLSContext.errorCapacity)
            if result == 1 { return }
            try wait(Int(result), "the TLS handshake", until: deadline)
        }
    }

    /// Writes every byte before `deadline` (else `EAGAIN`).
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { es_tls_write(tls, $0.baseAddress! + offset, $0.count - offset, error, TLSContext.errorCapacity) }
            if result > 0 {
                offset += result
            } else {
                try wait(result, "a TLS write", until: deadline)
            }
        }
    }

    func waitForInput(until deadline: ContinuousClock.Instant) throws(SocketError) -> Bool {
        state.withLock { $0.readDeadline = deadline }
        if es_tls_pending(tls) > 0 { return true }
        return try socket.waitForInput(until: deadline)
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        let deadline = state.withLock { $0.readDeadline }
        while true {
            let result = es_tls_read(tls, buffer.baseAddress, buffer.count, error, TLSContext.errorCapacity)
            if result >= 0 { return result }
            try wait(result, "a TLS read", until: deadline)
        }
    }

    /// True when an idle connection should not be used again: the peer closed it, or sent something (a TLS alert,
    /// most likely its close) while no request was out, still on the socket or already in OpenSSL's buffer. Never
    /// blocks, consumes nothing.
    var peerHasClosed: Bool { es_tls_pending(tls) > 0 || socket.hasInputWaiting }

    /// Frees the TLS state and closes the socket; calling it again does nothing.
    func close() {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        es_tls_free(tls)
        error.deallocate()
        socket.close()
    }

    /// Waits for what a step that moved no bytes wants, or throws why it failed (`es_tls_failed`, the reason in
    /// `error`): `EAGAIN` when `deadline` passes.
    private func wait(_ result: Int, _ step: String, until deadline: ContinuousClock.Instant) throws(SocketError) {
        let ready: Bool
        switch result {
        case es_tls_want_read: ready = try socket.waitForInput(until: deadline)
        case es_tls_want_write: ready = try socket.waitForOutput(until: deadline)
        default: throw SocketError("\(step) (\(String(cString: error)))", code: 0)
        }
        guard ready else { throw SocketError(step, code: EAGAIN) }
    }
}
