import EventSourcing

extension EventStoreConformance {
    /// The `ScannableEventStore` contract as checks: what a rebuild relies on when it reads a whole store.
    public static let scanChecks: [ConformanceCheck<any ScannableEventStore>] = [
        ConformanceCheck("segments partition the store: each stream whole in one segment, its events together and in version order") { make in
            let store = try await make()
            var appended = 0
            for stream in (1...12).map({ "s\($0)" }) {
                let length = Int64(stream.count + 3)
                try await store.append((1...length).map { storedEvent(stream, $0) }, expectedVersion: 0, idempotency: nil)
                appended += Int(length)
            }
            try await store.saveSnapshot(StoredSnapshot(streamID: "s3", version: 2, schemaVersion: 1, state: ["total": .number("2")]))
            try await store.saveIdempotencyRecord(IdempotencyRecord(key: "kept", requestHash: "h", result: [:], expiresAt: 1))
            for segments in [1, 3] {
                var seen: [String: Int] = [:]
                var items = 0
                for segment in 0..<segments {
                    let events = try await scanAll(store, segment: segment, of: segments, limit: 4, items: &items)
                    for (offset, event) in events.enumerated() {
                        try expect(seen[event.streamID] == nil || events[offset - 1].streamID == event.streamID,
                                   "segment \(segment) of \(segments): stream \(event.streamID) comes back in two places")
                        try expect(event.version == Int64((seen[event.streamID] ?? 0) + 1),
                                   "segment \(segment) of \(segments): \(event.streamID) version \(event.version) after \(seen[event.streamID] ?? 0)")
                        seen[event.streamID] = Int(event.version)
                    }
                }
                try expect(seen.values.reduce(0, +) == appended && seen.count == 12, "\(segments) segments returned \(seen)")
                try expect(items == appended + 2, "\(segments) segments read \(items) items, not the \(appended) events, the snapshot and the kept decision")
            }
        },
        ConformanceCheck("a cursor resumes after its page, also once kept as JSON text and read back") { make in
            let store = try await make()
            try await store.append((1...7).map { storedEvent("a", $0) }, expectedVersion: 0, idempotency: nil)
            try await store.append((1...2).map { storedEvent("b", $0) }, expectedVersion: 0, idempotency: nil)
            let first = try await store.scan(segment: 0, of: 1, after: nil, limit: 5)
            guard let cursor = first.cursor, first.itemsRead == 5, first.events.count == 5 else {
                throw ConformanceFailure("the first page: \(first.itemsRead) items, cursor \(String(describing: first.cursor))")
            }
            let kept = try JSONParser().parse(JSONWriter.bytes(cursor))
            let rest = try await store.scan(segment: 0, of: 1, after: kept, limit: 5)
            let keys = (first.events + rest.events).map { "\($0.streamID)/\($0.version)" }
            try expect(Set(keys).count == 9 && keys.count == 9, "two pages read \(keys)")
            if let cursor = rest.cursor {
                let last = try await store.scan(segment: 0, of: 1, after: cursor, limit: 5)
                try expect(last.events.isEmpty && last.cursor == nil, "after the last item: \(last.events.count) events, cursor \(String(describing: last.cursor))")
            }
        },
        ConformanceCheck("a segment outside the count, a limit below one and a malformed cursor are refused") { make in
            let store = try await make()
            for (segment, segments, limit) in [(3, 3, 10), (-1, 3, 10), (0, 0, 10), (0, 1, 0)] {
                try await expectError("segment \(segment) of \(segments), limit \(limit)", matching: { if case .invalid = $0 { true } else { false } }) { () throws(EventStoreError) in
                    _ = try await store.scan(segment: segment, of: segments, after: nil, limit: limit)
                }
            }
            try await expectError("a cursor that is not a key", matching: { if case .invalid = $0 { true } else { false } }) { () throws(EventStoreError) in
                _ = try await store.scan(segment: 0, of: 1, after: .string("page 2"), limit: 10)
            }
        },
    ]

    /// Every event of a segment, page after page; `items` adds the items read.
    private static func scanAll(_ store: any ScannableEventStore, segment: Int, of segments: Int, limit: Int, items: inout Int) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        var cursor: JSON?
        repeat {
            let page = try await store.scan(segment: segment, of: segments, after: cursor, limit: limit)
            try expect(page.itemsRead <= limit, "a page of \(page.itemsRead) items for a limit of \(limit)")
            events += page.events
            items += page.itemsRead
            cursor = page.cursor
        } while cursor != nil
        return events
    }
}
