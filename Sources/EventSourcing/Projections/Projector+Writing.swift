extension Projector {
    /// Writes a folded document; on a conflict, reads it again, folds again and retries.
    func write(_ group: DocumentGroup, first: Fold, before limit: Int, batch: inout Batch) async throws(ProjectionFailure) {
        let start = group.entries.first?.index ?? 0
        var fold = first
        for attempt in 1...maxAttempts {
            guard let document = fold.document else { return }
            do {
                try await readModels.write(document, expectedRevision: fold.read?.revision ?? 0)
                batch.outcome.documentsWritten += 1
                batch.outcome.applied += fold.applied
                return
            } catch .conflict where attempt < maxAttempts {
                fold = try await self.fold(group, before: limit, batch: &batch)
            } catch {
                throw ProjectionFailure(start, "writing \(group.id): \(error)")
            }
        }
    }
}
