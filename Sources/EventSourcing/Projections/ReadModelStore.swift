/// Where read-model documents are kept.
///
/// The contract — `ReadModelStoreConformance` in `EventSourcingTesting` checks it, for `InMemoryReadModelStore`,
/// `DynamoDBReadModelStore` and any store of your own:
/// - `write` succeeds only if the stored revision is still `expectedRevision` (0: the document must not exist),
///   and stores the document at revision `expectedRevision + 1`; otherwise `conflict`. So concurrent or repeated
///   projections of the same events cannot apply them twice.
/// - Documents are limited as DynamoDB items are (`ReadModelItemLayout`: 400 KB); beyond that, `tooLarge`.
/// - `write(_:)` writes several documents atomically — all of them, each at its expected revision, or none (a
///   `conflict` naming a document whose revision moved) — at most 100 documents and 4 MB in all (a DynamoDB
///   transaction), each document once; beyond that `tooLarge` or `invalid`, before anything is written. A
///   subscription writes its documents and its checkpoint this way, so that a page is applied exactly once.
/// - Keys are non-empty and at most 1,024 bytes; read-model names are 1–64 letters, digits, `-` or `_`, and a
///   generation's documents carry `#` and its number (`ReadModelGenerations`).
public protocol ReadModelStore: Sendable {
    /// The document kept under `id`, if any.
    func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument?

    /// Writes `document` at revision `expectedRevision + 1` if the stored one is at `expectedRevision`.
    func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError)

    /// Writes every document of `writes` at its expected revision, atomically: all or none.
    func write(_ writes: [DocumentWrite]) async throws(ReadModelError)
}

extension ReadModelStore {
    /// The document of `projection` under `key` in generation `generation`, decoded, with the versions it has
    /// applied; nil when absent.
    public func read<P: Projection>(_ projection: P.Type, key: String, generation: Int = 1) async throws(ReadModelError) -> ReadModel<P.Document>? {
        let id = DocumentID(readModel: GenerationPointer.storedName(P.name, generation: generation), key: key)
        guard let stored = try await document(id) else { return nil }
        do {
            return ReadModel(document: try JSONValueDecoder().decode(P.Document.self, from: stored.body), versions: stored.versions, revision: stored.revision)
        } catch {
            throw .corrupt("\(id): \(error)")
        }
    }
}

/// A decoded read-model document, with the version applied from each stream that feeds it.
public struct ReadModel<Document: Sendable>: Sendable {
    /// The document.
    public var document: Document
    /// Per stream id, the version of the last event applied.
    public var versions: [String: Int64]
    /// The stored revision.
    public var revision: Int64

    /// The version applied from `streamID` (0 when none).
    public func version(of streamID: String) -> Int64 { versions[streamID] ?? 0 }
}
