import EventSourcing

/// The `ReadModelStore` contract as checks: every store — `InMemoryReadModelStore`, `DynamoDBReadModelStore`, one of
/// your own — must pass all of them. The first group checks the store's conditional writes and limits; the second
/// runs the `Projector` on it (duplicates, reordering, gaps, poison records, concurrent projectors), the exactly-once
/// guarantee that rests on those writes.
public enum ReadModelStoreConformance {
    /// Every check.
    public static let checks: [ConformanceCheck<any ReadModelStore>] = storeChecks + projectorChecks

    static let storeChecks: [ConformanceCheck<any ReadModelStore>] = [
        ConformanceCheck("a document is created once, then written only at the revision it was read at") { make in
            let store = try await make()
            let id = DocumentID(readModel: "totals", key: "a")
            let first = StoredDocument(id: id, body: .object(["n": .number("1")]), versions: ["s": 1], revision: 0)
            try expect(try await store.document(id) == nil, "a document exists before any write")
            try await store.write(first, expectedRevision: 0)
            let read = try await store.document(id)
            try expect(read?.body == first.body && read?.versions == ["s": 1] && read?.revision == 1, "read back \(String(describing: read))")
            try await expectError("a second creation", matching: { $0 == ReadModelError.conflict(id) }) { () throws(ReadModelError) in
                try await store.write(first, expectedRevision: 0)
            }
            var second = first
            second.body = .object(["n": .number("2")])
            second.versions["t"] = 4
            try await store.write(second, expectedRevision: 1)
            try await expectError("a write at a stale revision", matching: { $0 == ReadModelError.conflict(id) }) { () throws(ReadModelError) in
                try await store.write(first, expectedRevision: 1)
            }
            let last = try await store.document(id)
            try expect(last?.body == second.body && last?.versions == ["s": 1, "t": 4] && last?.revision == 2, "read back \(String(describing: last))")
            try await expectError("a write to a missing document at revision 1", matching: { if case .conflict = $0 { true } else { false } }) { () throws(ReadModelError) in
                try await store.write(StoredDocument(id: DocumentID(readModel: "totals", key: "b"), body: .null, versions: [:], revision: 0), expectedRevision: 1)
            }
        },
        ConformanceCheck("the same key in two read models (or two generations of one) is two documents, whatever characters it holds") { make in
            let store = try await make()
            for (name, key) in [("a", "x#y"), ("a-x", "y"), ("b", "x#y"), ("a#2", "x#y")] {
                try await store.write(StoredDocument(id: DocumentID(readModel: name, key: key), body: .string(name + key), versions: [:], revision: 0), expectedRevision: 0)
            }
            for (name, key) in [("a", "x#y"), ("a-x", "y"), ("b", "x#y"), ("a#2", "x#y")] {
                let body = try await store.document(DocumentID(readModel: name, key: key))?.body
                try expect(body == .string(name + key), "\(name) \(key) holds \(String(describing: body))")
            }
        },
        ConformanceCheck("bad names and keys, and documents over 400 KB, are refused before anything is written") { make in
            let store = try await make()
            for id in [DocumentID(readModel: "", key: "k"), DocumentID(readModel: "a#b", key: "k"), DocumentID(readModel: "a#1", key: "k"),
                       DocumentID(readModel: "a#02", key: "k"), DocumentID(readModel: "#2", key: "k"), DocumentID(readModel: "a", key: ""),
                       DocumentID(readModel: "a", key: String(repeating: "k", count: 1_025))] {
                try await expectError("\(id)", matching: { if case .invalid = $0 { true } else { false } }) { () throws(ReadModelError) in
                    try await store.write(StoredDocument(id: id, body: .null, versions: [:], revision: 0), expectedRevision: 0)
                }
            }
            let big = DocumentID(readModel: "a", key: "big")
            try await expectError("a 410 KB document", matching: { if case .tooLarge = $0 { true } else { false } }) { () throws(ReadModelError) in
                try await store.write(StoredDocument(id: big, body: .string(String(repeating: "x", count: 410_000)), versions: [:], revision: 0), expectedRevision: 0)
            }
            try expect(try await store.document(big) == nil, "the refused document was written")
        },
        ConformanceCheck("several documents are written atomically: one stale revision writes none of them") { make in
            let store = try await make()
            let a = DocumentID(readModel: "totals", key: "a"), b = DocumentID(readModel: "totals", key: "b"), mark = DocumentID(readModel: "_checkpoints", key: "s")
            func document(_ id: DocumentID, _ n: Int) -> StoredDocument { StoredDocument(id: id, body: .number(String(n)), versions: ["s": Int64(n)], revision: 0) }
            try await store.write([DocumentWrite(document(a, 1), expectedRevision: 0), DocumentWrite(document(mark, 1), expectedRevision: 0)])
            let (firstA, firstMark) = (try await store.document(a), try await store.document(mark))
            try expect(firstA?.revision == 1 && firstMark?.body == .number("1"), "the first atomic write is not all there")
            try await expectError("a write with a stale revision among fresh ones", matching: { $0 == ReadModelError.conflict(mark) }) { () throws(ReadModelError) in
                try await store.write([DocumentWrite(document(a, 2), expectedRevision: 1), DocumentWrite(document(b, 2), expectedRevision: 0), DocumentWrite(document(mark, 2), expectedRevision: 0)])
            }
            let (keptA, keptB) = (try await store.document(a), try await store.document(b))
            try expect(keptA?.body == .number("1") && keptB == nil, "a cancelled atomic write left part of itself")
            try await store.write([DocumentWrite(document(a, 2), expectedRevision: 1), DocumentWrite(document(b, 2), expectedRevision: 0), DocumentWrite(document(mark, 2), expectedRevision: 1)])
            let (read, written) = (try await store.document(mark), try await store.document(b))
            try expect(read?.body == .number("2") && read?.versions == ["s": 2] && read?.revision == 2 && written?.revision == 1, "after the second write: \(String(describing: read))")
        },
        ConformanceCheck("an atomic write of nothing, of one document twice, of 101 documents or over 4 MB is refused, and writes nothing") { make in
            let store = try await make()
            func writes(_ count: Int, size: Int = 1) -> [DocumentWrite] {
                (0..<count).map { DocumentWrite(StoredDocument(id: DocumentID(readModel: "many", key: "k\($0)"), body: .string(String(repeating: "x", count: size)), versions: [:], revision: 0), expectedRevision: 0) }
            }
            let twice = writes(1) + writes(1)
            for (what, batch, invalid) in [("nothing", [], true), ("one document twice", twice, true), ("101 documents", writes(101), false), ("11 documents of 390 KB", writes(11, size: 390_000), false)] as [(String, [DocumentWrite], Bool)] {
                try await expectError(what, matching: { if invalid, case .invalid = $0 { true } else if !invalid, case .tooLarge = $0 { true } else { false } }) { () throws(ReadModelError) in
                    try await store.write(batch)
                }
            }
            try expect(try await store.document(DocumentID(readModel: "many", key: "k0")) == nil, "a refused atomic write wrote k0")
            try await store.write(writes(100))
            try expect(try await store.document(DocumentID(readModel: "many", key: "k99"))?.revision == 1, "100 documents in one atomic write")
        },
        ConformanceCheck("concurrent read-modify-write loops lose no update") { make in
            let store = try await make()
            let id = DocumentID(readModel: "counter", key: "c")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 1...4 {
                    group.addTask { for _ in 1...10 { try await increment(id, in: store) } }
                }
                try await group.waitForAll()
            }
            let final = try await store.document(id)
            try expect(final?.body == .number("40") && final?.revision == 40, "after 40 increments: \(String(describing: final))")
        },
    ]

    /// Adds one to the number `id` holds: read, write at the revision read, again after a conflict.
    private static func increment(_ id: DocumentID, in store: any ReadModelStore) async throws(ReadModelError) {
        while true {
            let current = try await store.document(id)
            let count = current?.body.int64Value ?? 0
            do {
                try await store.write(StoredDocument(id: id, body: .number(String(count + 1)), versions: [:], revision: 0), expectedRevision: current?.revision ?? 0)
                return
            } catch .conflict {
                continue
            }
        }
    }
}
