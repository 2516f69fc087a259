import EventSourcingLoopbackHTTP
import Foundation
import Synchronization
import Testing

/// A connected pair on loopback whose kernel buffers are small (16 KB asked for each way), so that a send of a
/// megabyte fills them and has to wait for room, whatever the machine's defaults.
private func smallBufferedPair() throws -> (listener: TCPListener, client: TCPSocket, server: TCPSocket) {
    let listener = try TCPListener()
    let client = try TCPSocket.connect(host: "127.0.0.1", port: listener.port)
    let server = try listener.accept()
    var size: Int32 = 16 << 10
    _ = setsockopt(client.descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    _ = setsockopt(server.descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    return (listener, client, server)
}

@Suite("TCPSocket")
struct TCPSocketTests {
    @Test("a send with a deadline delivers every byte when the peer reads")
    func sendUntilDeadlineDelivers() throws {
        let (listener, client, server) = try smallBufferedPair()
        let bytes = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }  // far more than the buffers hold
        let received = Mutex<[UInt8]>([])
        let done = DispatchSemaphore(value: 0)
        DetachedThread.start {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { (try? server.receive(into: $0)) ?? 0 }
                guard count > 0 else { break }
                received.withLock { $0 += buffer.prefix(count) }
            }
            done.signal()
        }
        try client.send(bytes, until: .now + .seconds(60))
        client.shutdown()
        done.wait()
        #expect(received.withLock { $0 } == bytes)
        listener.close()
    }

    @Test("a send to a peer that never reads stops at its deadline with EAGAIN, not when the buffers drain")
    func sendUntilDeadlineStops() throws {
        let (listener, client, server) = try smallBufferedPair()
        let started = ContinuousClock.now
        #expect(throws: SocketError("send", code: EAGAIN)) {
            try client.send([UInt8](repeating: 7, count: 1 << 20), until: .now + .milliseconds(300))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(30))
        server.close()
        listener.close()
    }
}
