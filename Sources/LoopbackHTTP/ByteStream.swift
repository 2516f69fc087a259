/// Where an `HTTPReader` reads from: a `TCPSocket`, or a TLS connection over one.
public protocol ByteStream: AnyObject, Sendable {
    /// Waits until `receive` would not block (bytes, the end of the stream or an error are there), or until
    /// `deadline`; false when the deadline came first.
    func waitForInput(until deadline: ContinuousClock.Instant) throws(SocketError) -> Bool

    /// Reads what is available into `buffer`, blocking until at least one byte arrives; returns 0 at the end of the
    /// stream.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int
}
