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
        ConformanceCheck("the same key in two read models is two documents, whatever characters it holds") { make in
            let store = try await make()
            for (name, key) in [("a", "x#y"), ("a-x", "y"), ("b", "x#y")] {
                try await store.write(StoredDocument(id: DocumentID(readModel: name, key: key), body: .string(name + key), versions: [:], revision: 0), expectedRevision: 0)
            }
            for (name, key) in [("a", "x#y"), ("a-x", "y"), ("b", "x#y")] {
                let body = try await store.document(DocumentID(readModel: name, key: key))?.body
                try expect(body == .string(name + key), "\(name) \(key) holds \(String(describing: body))")
            }
        },
        ConformanceCheck("bad names and keys, and documents over 400 KB, are refused before anything is written") { make in
            let store = try await make()
            for id in [DocumentID(readModel: "", key: "k"), DocumentID(readModel: "a#b", key: "k"), DocumentID(readModel: "a", key: ""),
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
