extension Duration {
    /// The duration in seconds, as a `TimeInterval` or a socket timeout wants it.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
