import Synchronization

/// Read-model documents in memory, with the conditional writes and limits of `DynamoDBReadModelStore`.
public final class InMemoryReadModelStore: ReadModelStore {
    private let documents = Mutex<[DocumentID: StoredDocument]>([:])

    /// An empty store.
    public init() {}

    /// The document kept under `id`, if any; `invalid` for a key or name the store cannot keep.
    public func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument? {
        try ReadModelItemLayout.check(id)
        return documents.withLock { $0[id] }
    }

    /// Writes `document` if the kept one is at `expectedRevision` (0: none kept); otherwise `conflict`.
    public func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        try await write([DocumentWrite(document, expectedRevision: expectedRevision)])
    }

    /// Writes every document of `writes` at its expected revision, or none of them (`conflict`).
    public func write(_ writes: [DocumentWrite]) async throws(ReadModelError) {
        try ReadModelItemLayout.check(writes)
        try documents.withLock { (documents: inout [DocumentID: StoredDocument]) throws(ReadModelError) in
            for write in writes where (documents[write.document.id]?.revision ?? 0) != write.expectedRevision {
                throw .conflict(write.document.id)
            }
            for write in writes { documents[write.document.id] = write.stored }
        }
    }

    /// Every document kept, for tests and rebuild checks.
    public var all: [StoredDocument] { documents.withLock { Array($0.values) } }
}
