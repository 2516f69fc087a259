import Synchronization

/// Read-model documents in memory, with the conditional writes and limits of `DynamoDBReadModelStore`.
public final class InMemoryReadModelStore: ReadModelStore {
    private let documents = Mutex<[DocumentID: StoredDocument]>([:])

    /// An empty store.
    public init() {}

    public func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument? {
        try ReadModelItemLayout.check(id)
        return documents.withLock { $0[id] }
    }

    public func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        try await write([DocumentWrite(document, expectedRevision: expectedRevision)])
    }

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
