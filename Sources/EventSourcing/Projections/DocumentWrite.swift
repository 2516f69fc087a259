/// One document of an atomic write (`ReadModelStore.write(_:)`), with the revision it was read at (0: it must not
/// exist yet).
public struct DocumentWrite: Sendable, Equatable {
    /// The document; its own `revision` is ignored, the store writes `expectedRevision + 1`.
    public var document: StoredDocument
    /// The revision the stored document must still be at.
    public var expectedRevision: Int64

    /// A write of `document` over revision `expectedRevision`.
    public init(_ document: StoredDocument, expectedRevision: Int64) {
        self.document = document
        self.expectedRevision = expectedRevision
    }

    /// The document as stored once written: at `expectedRevision + 1`.
    public var stored: StoredDocument {
        var stored = document
        stored.revision = expectedRevision + 1
        return stored
    }
}
