/// Capacity units spent, computed from item sizes by DynamoDB's rules (`ItemSize.readUnits`, `writeUnits`): what
/// a rebuild or a subscription reports, since a local DynamoDB does not measure it.
public struct Capacity: Sendable, Equatable {
    /// Read capacity units.
    public var readUnits: Double = 0
    /// Write capacity units.
    public var writeUnits: Double = 0

    /// None spent.
    public init() {}
}
