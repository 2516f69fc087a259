/// How read-model documents are laid out as items, in every store: `pk` = the document's key, `sk` = the read
/// model's name (so no two read models' keys can meet, whatever characters a key holds), `document` (the body),
/// `versions` (stream id → version applied) and `revision`.
public enum ReadModelItemLayout {
    /// The longest key accepted, in UTF-8 bytes (DynamoDB allows 2,048 for a partition key).
    public static let maxKeyBytes = 1_024

    /// The item of `document`.
    public static func item(for document: StoredDocument) -> [String: JSON] {
        [
            "pk": .string(document.id.key), "sk": .string(document.id.readModel), "document": document.body,
            "versions": .object(document.versions.mapValues { .number(String($0)) }), "revision": .number(String(document.revision)),
        ]
    }

    /// The document an item holds; a malformed item is `corrupt`.
    public static func document(from item: [String: JSON]) throws(ReadModelError) -> StoredDocument {
        guard case .string(let key)? = item["pk"], case .string(let name)? = item["sk"], let body = item["document"],
              case .object(let versions)? = item["versions"], let revision = item["revision"]?.int64Value
        else { throw .corrupt("a read-model item lacks a required attribute") }
        var applied: [String: Int64] = [:]
        for (stream, version) in versions {
            guard let number = version.int64Value else { throw .corrupt("the version of \(stream) in \(name) \(key) is not an integer") }
            applied[stream] = number
        }
        return StoredDocument(id: DocumentID(readModel: name, key: key), body: body, versions: applied, revision: revision)
    }

    /// Checks the id and the item's size before anything is written.
    public static func check(_ document: StoredDocument) throws(ReadModelError) {
        try check(document.id)
        let size = ItemSize.of(item(for: document))
        guard size <= ItemSize.maxItemBytes else {
            throw .tooLarge("the read model \(document.id) would be \(size) bytes, over DynamoDB's item limit of \(ItemSize.maxItemBytes) bytes (400 KB)")
        }
    }

    /// The most documents one atomic write holds: DynamoDB's 100 actions in a transaction.
    public static let maxAtomicDocuments = ItemSize.maxTransactionItems

    /// Checks an atomic write before anything is written: each document, at most `maxAtomicDocuments` of them and
    /// 4 MB in all, none twice.
    public static func check(_ writes: [DocumentWrite]) throws(ReadModelError) {
        guard !writes.isEmpty else { throw .invalid("an atomic write needs at least one document") }
        guard writes.count <= maxAtomicDocuments else {
            throw .tooLarge("an atomic write holds at most \(maxAtomicDocuments) documents (DynamoDB's transaction limit), got \(writes.count)")
        }
        var total = 0
        var ids = Set<DocumentID>()
        for write in writes {
            try check(write.stored)
            guard ids.insert(write.document.id).inserted else { throw .invalid("\(write.document.id) is written twice in one atomic write") }
            total += ItemSize.of(item(for: write.stored))
        }
        guard total <= ItemSize.maxTransactionBytes else {
            throw .tooLarge("the atomic write is \(total) bytes, over DynamoDB's transaction limit of \(ItemSize.maxTransactionBytes) bytes (4 MB)")
        }
    }

    /// Checks a name and a key. A name is 1 to 64 letters, digits, `-` or `_`, and a generation after the first
    /// adds `#` and its number (`account-summary#2`).
    public static func check(_ id: DocumentID) throws(ReadModelError) {
        let parts = id.readModel.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard (1...64).contains(parts[0].utf8.count),
              parts[0].utf8.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 }),
              parts.count == 1 || (Int(parts[1]).map { $0 >= 2 && String($0) == parts[1] } ?? false)
        else {
            throw .invalid("read-model name \(JSONWriter.quoted(id.readModel)) must be 1 to 64 letters, digits, '-' or '_', then for a generation after the first '#' and its number")
        }
        guard (1...maxKeyBytes).contains(id.key.utf8.count) else {
            throw .invalid("a read-model key must be 1 to \(maxKeyBytes) bytes, got \(id.key.utf8.count)")
        }
    }
}
