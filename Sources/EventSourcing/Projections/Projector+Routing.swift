extension Projector {
    /// The events of one document, oldest record first.
    struct DocumentGroup: Sendable {
        var id: DocumentID
        var projection: Int
        var entries: [Entry]
    }

    /// Groups the entries by the documents they reach (one per target generation), in order of first appearance;
    /// a stream whose first event cannot be read cuts the batch there, and generations that cannot be read cut it at
    /// its first event.
    func route(_ entries: [Entry], batch: inout Batch) async -> [DocumentGroup] {
        guard let first = entries.first else { return [] }
        var names: [[String]] = []
        for projection in projections {
            let name = type(of: projection).name
            do {
                names.append(try await targetNames(of: name))
            } catch {
                batch.outcome.fail(at: first.index, "reading the generations of \(name) to write: \(error)")
                return []
            }
        }
        var groups: [DocumentGroup] = []
        var position: [DocumentID: Int] = [:]
        for entry in entries {
            if entry.index >= batch.limit { break }
            for (number, projection) in projections.enumerated() {
                let key: String?
                do {
                    key = try await documentKey(projection, for: entry, batch: &batch)
                } catch {
                    batch.outcome.fail(at: entry.index, error.reason)
                    break
                }
                guard let key else { continue }
                for name in names[number] {
                    let id = DocumentID(readModel: name, key: key)
                    if let existing = position[id] {
                        groups[existing].entries.append(entry)
                    } else {
                        position[id] = groups.count
                        groups.append(DocumentGroup(id: id, projection: number, entries: [entry]))
                    }
                }
            }
        }
        return groups
    }

    /// The names of the documents of the read model `name` this projector writes.
    private func targetNames(of name: String) async throws(ReadModelError) -> [String] {
        switch targets {
        case .writing(let generations):
            return try await generations.writingNames(of: name)
        case .generation(let generation):
            try ReadModelGenerations.checkName(name)
            return [GenerationPointer.storedName(name, generation: generation)]
        }
    }

    private func documentKey(
        _ projection: any Projection<Event>, for entry: Entry, batch: inout Batch
    ) async throws(ProjectionFailure) -> String? {
        switch projection.partition.rule {
        case .byStream(let key):
            return key(entry.event.streamID)
        case .byFirstEvent(let key):
            if entry.event.version == 1 {
                firstEvents[entry.event.streamID] = entry.event
                return key(entry.event)
            }
            return key(try await firstEvent(of: entry, batch: &batch))
        }
    }

    private func firstEvent(of entry: Entry, batch: inout Batch) async throws(ProjectionFailure) -> RecordedEvent<Event> {
        let streamID = entry.event.streamID
        if let cached = firstEvents[streamID] { return cached }
        do {
            guard let stored = try await eventStore.events(streamID: streamID, after: 0, upTo: 1, limit: 1).first else {
                throw ProjectionFailure(entry.index, "stream \(streamID) has no event 1 in the event store")
            }
            batch.outcome.eventsRead += 1
            let first = try serializer.recorded(stored)
            firstEvents[streamID] = first
            return first
        } catch let failure as ProjectionFailure {
            throw failure
        } catch {
            throw ProjectionFailure(entry.index, "reading the first event of stream \(streamID): \(error)")
        }
    }
}
