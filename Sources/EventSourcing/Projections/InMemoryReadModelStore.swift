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
        var stored = document
        stored.revision = expectedRevision + 1
        try ReadModelItemLayout.check(stored)
        try documents.withLock { (documents: inout [DocumentID: StoredDocument]) throws(ReadModelError) in
            guard (documents[document.id]?.revision ?? 0) == expectedRevision else { throw .conflict(document.id) }
            documents[document.id] = stored
        }
    }

    /// Every document kept, for tests and rebuild checks.
    public var all: [StoredDocument] { documents.withLock { Array($0.values) } }
}
