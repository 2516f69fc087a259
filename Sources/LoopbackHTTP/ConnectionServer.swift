#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A TCP server that serves each connection on a thread of its own (blocking sockets, no event loop) and keeps
/// track of the open connections, so that they can all be closed at once. What a connection means is up to the
/// `serve` closure given to `start`; the connection is closed when it returns.
public final class ConnectionServer: Sendable {
    private struct State {
        var connections: [ObjectIdentifier: TCPSocket] = [:]
        var accepted = 0
        var stopped = false
    }

    /// The bound port.
    public let port: UInt16
    private let listener: TCPListener
    private let state = Mutex(State())

    /// Listens on `host:port` (0 picks a free port); connections wait in the backlog until `start`.
    public init(host: String = "127.0.0.1", port: UInt16 = 0) throws(SocketError) {
        listener = try TCPListener(host: host, port: port)
        self.port = listener.port
    }

    /// Accepts connections, serving each with `serve` on a new thread, until `stop`.
    public func start(serve: @escaping @Sendable (TCPSocket) -> Void) {
        DetachedThread.start { [self] in
            while let socket = try? listener.accept() {
                let open = state.withLock { state in
                    guard !state.stopped else { return false }
                    state.connections[ObjectIdentifier(socket)] = socket
                    state.accepted += 1
                    return true
                }
                guard open else {
                    socket.close()
                    return
                }
                DetachedThread.start { [self] in
                    serve(socket)
                    state.withLock { _ = $0.connections.removeValue(forKey: ObjectIdentifier(socket)) }
                    socket.close()
                }
            }
        }
    }

    /// How many connections have been accepted so far.
    public var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Shuts down every open connection (their threads see the end of the stream); the server goes on accepting.
    public func closeConnections() {
        for socket in state.withLock({ Array($0.connections.values) }) { socket.shutdown() }
    }

    /// Stops accepting and shuts down every open connection.
    public func stop() {
        let first = state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        listener.close()
        closeConnections()
    }
}
