#if canImport(Glibc)
import Glibc
#else
#error("LoopbackHTTP runs on Linux with glibc: it is the Lambda runtime's transport on Amazon Linux")
#endif

/// A listening TCP socket on an IPv4 address, for loopback servers.
public final class TCPListener: Sendable {
    private let socket: TCPSocket
    /// The port actually bound (useful when 0 was asked for).
    public let port: UInt16

    /// Binds `host:port` (port 0 picks a free one) and starts listening.
    public init(host: String = "127.0.0.1", port: UInt16 = 0, backlog: Int32 = 128) throws(SocketError) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        let socket = TCPSocket(descriptor: fd)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw SocketError("bind \(host): not an IPv4 address", code: 0)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw SocketError("bind \(host):\(port)") }
        guard listen(fd, backlog) == 0 else { throw SocketError("listen") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.socket = socket
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    /// Waits for the next connection; throws once the listener is closed. The connection is made close-on-exec, like
    /// every descriptor here, so that a process started later does not inherit it (and keep the connection open).
    /// (`accept4` would do it atomically, but Swift's Glibc module does not offer it.)
    public func accept() throws(SocketError) -> TCPSocket {
        while true {
            let fd = Glibc.accept(socket.descriptor, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                let connection = TCPSocket(descriptor: fd)
                connection.setNoDelay()
                return connection
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            throw SocketError("accept")
        }
    }

    /// Stops listening and wakes a thread blocked in `accept`.
    public func close() {
        socket.shutdown()
        socket.close()
    }
}
