/// Where a read-model document is kept: the read model's name and the document's key within it.
public struct DocumentID: Hashable, Sendable, CustomStringConvertible {
    /// `Projection.name`.
    public var readModel: String
    /// The document's key (an account id, an owner).
    public var key: String

    /// An id.
    public init(readModel: String, key: String) {
        self.readModel = readModel
        self.key = key
    }

    /// The read model's name and the quoted key, for messages.
    public var description: String { "\(readModel) \(JSONWriter.quoted(key))" }
}
