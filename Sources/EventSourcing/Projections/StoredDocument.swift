/// A read-model document as a store keeps it: its body, the version applied from each stream that feeds it,
/// and a revision that every write increments (writes are conditional on it).
public struct StoredDocument: Sendable, Equatable {
    /// Where it is kept.
    public var id: DocumentID
    /// The document, encoded.
    public var body: JSON
    /// Per stream id, the version of the last event applied.
    public var versions: [String: Int64]
    /// 1 for the first write, then one more per write.
    public var revision: Int64

    /// A document.
    public init(id: DocumentID, body: JSON, versions: [String: Int64], revision: Int64) {
        self.id = id
        self.body = body
        self.versions = versions
        self.revision = revision
    }

    /// The version applied from `streamID` (0 when none).
    public func version(of streamID: String) -> Int64 { versions[streamID] ?? 0 }
}
