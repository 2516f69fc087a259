#if canImport(Glibc)
import Glibc
#else
#error("LoopbackHTTP runs on Linux with glibc: it is the Lambda runtime's transport on Amazon Linux")
#endif
import Synchronization

/// A blocking TCP socket that owns its file descriptor.
///
/// Blocking calls are deliberate: the Lambda runtime has one invocation in flight at a time, and a thread
/// blocked in `recv` costs no CPU while the sandbox waits for the next event. One thread uses the socket; another
/// may `shutdown` it to wake that thread, and never touches the descriptor once it is closed.
public final class TCPSocket: ByteStream {
    /// The file descriptor, valid until `close`.
    public let descriptor: Int32
    /// Whether `close` has run: the number may belong to another file since, so `shutdown` must leave it alone.
    private let closed = Mutex(false)

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Opens a connection to `host:port` (a name or a numeric IPv4/IPv6 address), with `TCP_NODELAY` set; with a
    /// `deadline`, gives up on each address when it passes (`EAGAIN`) instead of when the kernel does (minutes, for
    /// an address that never answers). Finding a name's addresses is bounded by the resolver's own timeouts. A socket
    /// opened with a deadline and `blocking` false stays non-blocking, as a TLS library reading and writing it itself
    /// needs (its deadlines then come from `waitForInput` and `waitForOutput`).
    ///
    /// A numeric IPv4 address (what Lambda puts in `AWS_LAMBDA_RUNTIME_API`) is connected to directly: a fully
    /// static executable cannot load the NSS modules `getaddrinfo` may need for names.
    public static func connect(
        host: String, port: UInt16, until deadline: ContinuousClock.Instant? = nil, blocking: Bool = true
    ) throws(SocketError) -> TCPSocket {
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, host, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = port.bigEndian
            return try withUnsafePointer(to: &ipv4) { (address) throws(SocketError) -> TCPSocket in
                try address.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SocketError) -> TCPSocket in
                    try open(family: AF_INET, address, socklen_t(MemoryLayout<sockaddr_in>.size), "\(host):\(port)", until: deadline, blocking: blocking)
                }
            }
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SocketError("resolve \(host):\(port)", code: 0)
        }
        defer { freeaddrinfo(list) }
        var lastError = SocketError("connect \(host):\(port)", code: ECONNREFUSED)
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            do {
                return try open(
                    family: info.pointee.ai_family, info.pointee.ai_addr, info.pointee.ai_addrlen, "\(host):\(port)", until: deadline,
                    blocking: blocking)
            } catch {
                lastError = error
                if error.code == EAGAIN { break }  // the deadline has passed: no time for the next address
            }
        }
        throw lastError
    }

    /// A socket of `family` connected to `address`, by `deadline` if there is one; blocking unless it has a deadline
    /// and `blocking` is false.
    private static func open(
        family: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t, _ name: String, until deadline: ContinuousClock.Instant?,
        blocking: Bool
    ) throws(SocketError) -> TCPSocket {
        let nonBlocking = deadline == nil ? 0 : Int32(SOCK_NONBLOCK.rawValue)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | nonBlocking, 0)
        guard fd >= 0 else { throw SocketError("socket") }
        let connected = TCPSocket(descriptor: fd)  // closes fd if this throws
        if Glibc.connect(fd, address, length) != 0 {
            let code = errno
            // EINTR too: the connect goes on in the kernel, and is waited for like one in progress.
            guard let deadline, code == EINPROGRESS || code == EINTR else { throw SocketError("connect \(name)", code: code) }
            guard try connected.wait(for: Int16(POLLOUT), until: deadline) else { throw SocketError("connect \(name)", code: EAGAIN) }
            var failure: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &size) == 0 else { throw SocketError("getsockopt") }
            guard failure == 0 else { throw SocketError("connect \(name)", code: failure) }
        }
        if deadline != nil && blocking {
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else { throw SocketError("fcntl") }
        }
        connected.setNoDelay()
        return connected
    }

    /// Disables Nagle's algorithm so that small requests and responses leave at once.
    public func setNoDelay() {
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Bounds every later `send` and `receive` to `seconds` (they then fail with `EAGAIN`); 0 means no bound.
    public func setTimeout(seconds: Double) {
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes every byte, retrying short writes and `EINTR`. With `more`, the kernel holds a partial segment back for
    /// what the next `send` adds (`MSG_MORE`), so that a message sent in pieces still leaves in full segments.
    public func send(_ bytes: UnsafeRawBufferPointer, more: Bool = false) throws(SocketError) {
        try send(bytes, flags: Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0), until: nil)
    }

    /// Writes every byte of `bytes`; `more` as above.
    public func send(_ bytes: [UInt8], more: Bool = false) throws(SocketError) {
        do {
            try bytes.withUnsafeBytes { try send($0, more: more) }
        } catch {
            throw error as? SocketError ?? SocketError("send", code: 0)
        }
    }

    /// Writes every byte before `deadline`, without a socket option per call: each `send` is non-blocking, and only
    /// when the kernel's buffer is full does it wait (`poll`) for room. Throws `EAGAIN` when the deadline comes first.
    public func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(SocketError) {
        do {
            try bytes.withUnsafeBytes { try send($0, flags: Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), until: deadline) }
        } catch {
            throw error as? SocketError ?? SocketError("send", code: 0)
        }
    }

    /// The loop both kinds of send share: short writes and `EINTR` retried; with a `deadline` (and `MSG_DONTWAIT` in
    /// `flags`), a full buffer waited out with `poll` until then.
    private func send(_ bytes: UnsafeRawBufferPointer, flags: Int32, until deadline: ContinuousClock.Instant?) throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, flags)
            if written >= 0 {
                offset += written
                continue
            }
            let code = errno
            if code == EINTR { continue }
            guard let deadline, code == EAGAIN || code == EWOULDBLOCK else { throw SocketError("send", code: code) }
            guard try wait(for: Int16(POLLOUT), until: deadline) else { throw SocketError("send", code: EAGAIN) }
        }
    }

    /// Reads what is available, blocking until at least one byte arrives; returns 0 at end of stream.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SocketError("recv")
        }
    }

    /// Waits until `receive` would not block (bytes, the end of the stream or an error are there), or until
    /// `deadline`; false when the deadline came first.
    public func waitForInput(until deadline: ContinuousClock.Instant) throws(SocketError) -> Bool {
        try wait(for: Int16(POLLIN), until: deadline)
    }

    /// Waits until a send would not block (room in the kernel's buffer, or an error), or until `deadline`; false when
    /// the deadline came first.
    public func waitForOutput(until deadline: ContinuousClock.Instant) throws(SocketError) -> Bool {
        try wait(for: Int16(POLLOUT), until: deadline)
    }

    /// Waits until the socket is ready for `events` (or has an error), or until `deadline`; false when the deadline
    /// came first.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(SocketError) -> Bool {
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { return false }
            // Rounded up: poll's milliseconds would otherwise wake a moment early and go round again.
            let milliseconds = Int32(clamping: Int64((remaining / .milliseconds(1)).rounded(.up)))
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw SocketError("poll") }
        }
    }

    /// True when a `receive` would not block: bytes, the end of the stream or an error wait. Never blocks, consumes
    /// nothing: a client sending a long body uses it to notice that the server has answered early.
    public var hasInputWaiting: Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        return count >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    }

    /// True when the peer has closed its side or reset the connection; never blocks, consumes nothing.
    public var peerHasClosed: Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        if count == 0 { return true }
        if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR }
        return false
    }

    /// Shuts both directions down, waking a thread blocked in `receive` on this socket; after `close`, nothing.
    public func shutdown() {
        closed.withLock { closed in
            if !closed { _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }

    /// Closes after a final answer without losing it to a reset: the sending side is shut first (the peer reads the
    /// answer, then the end of the stream), and what the peer still sends is read and dropped until it closes too,
    /// `limit` bytes have come or `deadline` passes. Closing with unread input makes the kernel send a reset, which
    /// can reach the peer before it has read the answer.
    public func lingeringClose(limit: Int = 1 << 18, deadline: ContinuousClock.Instant) {
        closed.withLock { closed in
            if !closed { _ = Glibc.shutdown(descriptor, Int32(SHUT_WR)) }
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var dropped = 0
        while dropped < limit, (try? waitForInput(until: deadline)) == true {
            let count = buffer.withUnsafeMutableBytes { (try? receive(into: $0)) ?? 0 }
            guard count > 0 else { break }
            dropped += count
        }
        close()
    }

    /// Closes the descriptor; calling it again does nothing.
    public func close() {
        closed.withLock { closed in
            guard !closed else { return }
            closed = true
            Glibc.close(descriptor)
        }
    }
}
