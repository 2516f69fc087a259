import EventSourcingLoopbackHTTP
import Foundation
import Synchronization
import Testing

@Suite("TCPSocket")
struct TCPSocketTests {
    @Test("a send with a deadline delivers every byte when the peer reads")
    func sendUntilDeadlineDelivers() throws {
        let listener = try TCPListener()
        let client = try TCPSocket.connect(host: "127.0.0.1", port: listener.port)
        let server = try listener.accept()
        let bytes = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }  // more than the kernel buffers hold
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
        let listener = try TCPListener()
        let client = try TCPSocket.connect(host: "127.0.0.1", port: listener.port)
        let server = try listener.accept()
        let started = ContinuousClock.now
        #expect(throws: SocketError("send", code: EAGAIN)) {
            try client.send([UInt8](repeating: 7, count: 64 << 20), until: .now + .milliseconds(300))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(30))
        server.close()
        listener.close()
    }
}
