/// Why bytes are not the JSON they should be: the reason and the byte offset where it was found.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words a client can act on (`"the key \"amount\" appears twice"`).
    public var reason: String
    /// The offset of the first byte that could not be accepted.
    public var offset: Int

    /// An error found at `offset`.
    public init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "\(reason) (at byte \(offset))" }
}
