extension Projector {
    /// A document read and folded: what was read, what to write, and how many events that applies.
    struct Fold: Sendable {
        var read: StoredDocument?
        var document: StoredDocument?
        var applied: Int
    }

    /// Reads the group's document and folds into it the group's events before `limit`.
    func fold(_ group: DocumentGroup, before limit: Int, batch: inout Batch) async throws(ProjectionFailure) -> Fold {
        let start = group.entries.first?.index ?? 0
        let stored: StoredDocument?
        do {
            stored = try await readModels.document(group.id)
        } catch {
            throw ProjectionFailure(start, "reading \(group.id): \(error)")
        }
        return try await fold(group, into: stored, before: limit, batch: &batch)
    }

    func fold(
        _ group: DocumentGroup, into stored: StoredDocument?, before limit: Int, batch: inout Batch
    ) async throws(ProjectionFailure) -> Fold {
        try await apply(projections[group.projection], group, into: stored, before: limit, batch: &batch)
    }

    private func apply<P: Projection>(
        _ projection: P, _ group: DocumentGroup, into stored: StoredDocument?, before limit: Int, batch: inout Batch
    ) async throws(ProjectionFailure) -> Fold where P.Event == Event {
        let start = group.entries.first?.index ?? 0
        var document: P.Document?
        if let stored {
            do {
                document = try JSONValueDecoder().decode(P.Document.self, from: stored.body)
            } catch {
                throw ProjectionFailure(start, "the stored \(group.id) cannot be read: \(error)")
            }
        }
        var versions = stored?.versions ?? [:]
        var applied = 0
        // Streams in order of their first record; each stream's events in version order.
        var streams: [String] = []
        var byStream: [String: [Entry]] = [:]
        for entry in group.entries where entry.index < limit {
            if byStream[entry.event.streamID] == nil { streams.append(entry.event.streamID) }
            byStream[entry.event.streamID, default: []].append(entry)
        }
        for streamID in streams {
            var done = versions[streamID] ?? 0
            let pending = byStream[streamID]!.filter { $0.event.version > done }.sorted { $0.event.version < $1.event.version }
            guard let first = pending.first else { continue }
            var sequence = try await missing(streamID, after: done, before: first, batch: &batch)
            sequence += pending
            for entry in sequence where entry.event.version > done {
                guard entry.event.version == done + 1 else {
                    throw ProjectionFailure(entry.index, "event \(entry.event.version) of stream \(streamID) does not follow version \(done) in \(group.id)")
                }
                do {
                    document = try projection.apply(entry.event, to: document)
                } catch {
                    throw ProjectionFailure(entry.index, "event \(entry.event.version) of stream \(streamID) cannot be applied to \(group.id): \(error)")
                }
                done = entry.event.version
                applied += 1
            }
            versions[streamID] = done
        }
        guard applied > 0, let document else { return Fold(read: stored, document: nil, applied: 0) }
        let body: JSON
        do {
            body = try JSONValueEncoder().encode(document)
        } catch {
            throw ProjectionFailure(start, "\(group.id) cannot be encoded: \(error)")
        }
        let revision = stored?.revision ?? 0
        return Fold(read: stored, document: StoredDocument(id: group.id, body: body, versions: versions, revision: revision + 1), applied: applied)
    }

    /// The events of `streamID` after `done` and before the batch's first pending one, from the event store (once
    /// per batch: what was read for one document serves the next).
    private func missing(
        _ streamID: String, after done: Int64, before first: Entry, batch: inout Batch
    ) async throws(ProjectionFailure) -> [Entry] {
        guard first.event.version > done + 1 else { return [] }
        let needed = (done + 1)..<first.event.version
        if !needed.allSatisfy({ batch.fetched[streamID]?[$0] != nil }) {
            let stored: [StoredEvent]
            do {
                stored = try await eventStore.events(streamID: streamID, after: done, upTo: first.event.version - 1, limit: nil)
            } catch {
                throw ProjectionFailure(first.index, "filling the gap before event \(first.event.version) of stream \(streamID): \(error)")
            }
            batch.outcome.eventsRead += stored.count
            for event in stored {
                do {
                    batch.fetched[streamID, default: [:]][event.version] = try serializer.recorded(event)
                } catch {
                    throw ProjectionFailure(first.index, "event \(event.version) of stream \(streamID) cannot be read: \(error)")
                }
            }
        }
        // A filled event takes the place of the first pending record: a failure there is reported at it.
        let filled = needed.compactMap { batch.fetched[streamID]?[$0] }.map { Entry(index: first.index, event: $0) }
        guard filled.count == needed.count else {
            throw ProjectionFailure(first.index, "events \(done + 1)…\(first.event.version - 1) of stream \(streamID) are not all in the event store")
        }
        return filled
    }
}
