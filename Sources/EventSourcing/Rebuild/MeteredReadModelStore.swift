import Synchronization

/// A read-model store that counts the capacity its reads and writes cost and paces its reads by a budget: how a
/// rebuild or a subscription stays within its budget and reports its cost.
final class MeteredReadModelStore: ReadModelStore {
    let base: any ReadModelStore
    let budget: CapacityBudget?
    let meter: Mutex<Capacity>
    /// Sizes of documents read and not yet written: a write that replaces a document is billed on the larger.
    private let sizes = Mutex<[DocumentID: Int]>([:])

    init(_ base: any ReadModelStore, budget: CapacityBudget?) {
        self.base = base
        self.budget = budget
        self.meter = Mutex(Capacity())
    }

    var spent: Capacity { meter.withLock { $0 } }

    func document(_ id: DocumentID) async throws(ReadModelError) -> StoredDocument? {
        let estimate = ItemSize.readUnits(bytes: 0)
        try? await budget?.spend(estimate)
        let document = try await base.document(id)
        let size = document.map { ItemSize.of(ReadModelItemLayout.item(for: $0)) } ?? 0
        let units = ItemSize.readUnits(bytes: size)
        budget?.adjust(by: units - estimate)
        meter.withLock { $0.readUnits += units }
        if document != nil { sizes.withLock { $0[id] = size } }
        return document
    }

    func write(_ document: StoredDocument, expectedRevision: Int64) async throws(ReadModelError) {
        try await base.write(document, expectedRevision: expectedRevision)
        record([DocumentWrite(document, expectedRevision: expectedRevision)], transactional: false)
    }

    func write(_ writes: [DocumentWrite]) async throws(ReadModelError) {
        try await base.write(writes)
        record(writes, transactional: true)
    }

    private func record(_ writes: [DocumentWrite], transactional: Bool) {
        let units = writes.reduce(0.0) { total, write in
            let size = ItemSize.of(ReadModelItemLayout.item(for: write.stored))
            let old = sizes.withLock { $0.removeValue(forKey: write.document.id) } ?? 0
            return total + ItemSize.writeUnits(bytes: max(size, old), transactional: transactional)
        }
        meter.withLock { $0.writeUnits += units }
    }
}
