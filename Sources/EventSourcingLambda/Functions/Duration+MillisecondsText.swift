extension Duration {
    /// The duration in milliseconds to the microsecond, as the access log writes it (`1.234`).
    var millisecondsText: String {
        let microseconds = Int64((self / .microseconds(1)).rounded(.down))
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
