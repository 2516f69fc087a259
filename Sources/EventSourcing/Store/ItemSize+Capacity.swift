extension ItemSize {
    /// Read capacity units for reading `bytes` in one request, by DynamoDB's rules: a `GetItem` rounds its item
    /// up to 4 KB, a `Query` or `Scan` page rounds the sum of its items' sizes; one unit per 4 KB strongly
    /// consistent, half of that eventually consistent. A read of nothing still costs the minimum, one 4 KB unit.
    public static func readUnits(bytes: Int, consistent: Bool = true) -> Double {
        let blocks = Double(max(1, (bytes + 4_095) / 4_096))
        return consistent ? blocks : blocks / 2
    }

    /// Write capacity units for writing an item of `bytes`: one per 1 KB, rounded up per item, twice that inside a
    /// transaction. A write that replaces an item is billed on the larger of the old and the new one.
    public static func writeUnits(bytes: Int, transactional: Bool = false) -> Double {
        let units = Double(max(1, (bytes + 1_023) / 1_024))
        return transactional ? 2 * units : units
    }
}
