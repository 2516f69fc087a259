import EventSourcingLoopbackHTTP

/// A loopback port nobody listens on at the moment of asking.
enum FreePort {
    static func pick() throws(LocalEnvironmentError) -> UInt16 {
        do {
            let listener = try TCPListener(host: "127.0.0.1", port: 0)
            defer { listener.close() }
            return listener.port
        } catch {
            throw .portUnavailable(0, error.description)
        }
    }
}
