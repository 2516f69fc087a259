extension Duration {
    /// The duration in milliseconds, as a floating-point number (for logs).
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
