#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcing

/// The `EventStore` contract as checks: every store — `InMemoryEventStore`, `DynamoDBEventStore`, one of your own —
/// must pass all of them. The first group checks the store's own operations; the second runs the repository and
/// the dispatcher on it (concurrent writers, idempotency, snapshots, upcasting), which is where a store that is not
/// atomic shows it.
public enum EventStoreConformance {
    /// A fresh store for one check.
    public typealias MakeStore = @Sendable () async throws -> any EventStore

    /// Every check.
    public static let checks: [ConformanceCheck<any EventStore>] = storeChecks + dispatcherChecks + stateCacheChecks

    static let storeChecks: [ConformanceCheck<any EventStore>] = [
        ConformanceCheck("events append and read back in order, with their metadata") { make in
            let store = try await make()
            let metadata = EventMetadata(streamID: "s", version: 1, commandID: "cmd", correlationID: "corr", causationID: "cause")
            let first = StoredEvent(type: "Added", schemaVersion: 2, payload: ["amount": .number("5")], metadata: metadata)
            try await store.append([first], expectedVersion: 0, idempotency: nil)
            try await store.append([storedEvent("s", 2), storedEvent("s", 3, type: "Noted", schema: 1, payload: ["text": .string("hi")])], expectedVersion: 1, idempotency: nil)
            let slice = try await store.load(streamID: "s", upTo: nil) { _ in true }
            try expect(slice.events.map(\.version) == [1, 2, 3], "versions \(slice.events.map(\.version)), expected [1, 2, 3]")
            let read = slice.events[0].metadata
            try expect(read.commandID == "cmd" && read.correlationID == "corr" && read.causationID == "cause" && read.eventID == metadata.eventID,
                       "the metadata came back as \(read)")
            try expect(abs(read.timestamp.timeIntervalSince(metadata.timestamp)) < 0.002, "the timestamp moved: \(read.timestamp) for \(metadata.timestamp)")
            try expect(slice.events[2].payload == ["text": .string("hi")], "the payload came back as \(slice.events[2].payload)")
            try expect(try await store.events(streamID: "s", after: 1, upTo: 2, limit: nil).map(\.version) == [2], "events after 1 up to 2")
            try expect(try await store.events(streamID: "s", after: 0, upTo: nil, limit: 2).map(\.version) == [1, 2], "the first two events")
            try expect(try await store.load(streamID: "other", upTo: nil) { _ in true }.events.isEmpty, "a stream never written is empty")
        },
        ConformanceCheck("an append at a stale expected version is a conflict and writes nothing") { make in
            let store = try await make()
            try await store.append([storedEvent("s", 1)], expectedVersion: 0, idempotency: nil)
            try await expectError("a second version 1", matching: { $0 == EventStoreError.versionConflict(streamID: "s", expected: 0) }) { () throws(EventStoreError) in
                try await store.append([storedEvent("s", 1, payload: ["amount": .number("9")])], expectedVersion: 0, idempotency: nil)
            }
            try await expectError("versions 1 and 2 when 1 is taken", matching: { $0 == EventStoreError.versionConflict(streamID: "s", expected: 0) }) { () throws(EventStoreError) in
                try await store.append([storedEvent("s", 1), storedEvent("s", 2)], expectedVersion: 0, idempotency: nil)
            }
            let slice = try await store.load(streamID: "s", upTo: nil) { _ in true }
            try expect(slice.events.map(\.version) == [1] && slice.events[0].payload == ["amount": .number("1")], "the stream holds \(slice.events)")
        },
        ConformanceCheck("appends that do not continue the stream are refused") { make in
            let store = try await make()
            for (what, events, expected) in [
                ("nothing", [], 0), ("a gap", [storedEvent("s", 2)], 0), ("two streams", [storedEvent("s", 1), storedEvent("t", 2)], 0),
                ("a negative version", [storedEvent("s", 0)], -1),
            ] as [(String, [StoredEvent], Int64)] {
                try await expectError(what, matching: { (_: EventStoreError) in true }) { () throws(EventStoreError) in
                    try await store.append(events, expectedVersion: expected, idempotency: nil)
                }
            }
        },
        ConformanceCheck("an oversized event, or batch, fails naming the limit, and nothing is written") { make in
            let store = try await make()
            let big = storedEvent("s", 2, type: "Noted", schema: 1, payload: ["text": .string(String(repeating: "x", count: 410_000))])
            try await expectError("a 410 KB event", matching: { if case .tooLarge(let message) = $0 { message.contains("400 KB") } else { false } }) { () throws(EventStoreError) in
                try await store.append([storedEvent("s", 1), big], expectedVersion: 0, idempotency: nil)
            }
            try await expectError("101 events", matching: { if case .tooLarge = $0 { true } else { false } }) { () throws(EventStoreError) in
                try await store.append((1...101).map { storedEvent("s", Int64($0)) }, expectedVersion: 0, idempotency: nil)
            }
            let heavy = (1...11).map { storedEvent("s", Int64($0), type: "Noted", schema: 1, payload: ["text": .string(String(repeating: "y", count: 390_000))]) }
            try await expectError("11 events of 390 KB", matching: { if case .tooLarge(let message) = $0 { message.contains("4 MB") } else { false } }) { () throws(EventStoreError) in
                try await store.append(heavy, expectedVersion: 0, idempotency: nil)
            }
            try expect(try await store.load(streamID: "s", upTo: nil) { _ in true }.events.isEmpty, "something was written")
        },
        ConformanceCheck("an idempotency record is written with the events; a second use of its key is refused with the record") { make in
            let store = try await make()
            let record = IdempotencyRecord(key: "k1", requestHash: "h", result: ["version": .number("1")], expiresAt: 1_900_000_000)
            try await store.append([storedEvent("s", 1)], expectedVersion: 0, idempotency: record)
            try expect(try await store.idempotencyRecord(key: "k1") == record, "the record did not read back")
            try expect(try await store.idempotencyRecord(key: "k2") == nil, "an unused key has a record")
            try await expectError("a second use of k1", matching: { $0 == EventStoreError.idempotencyKeyExists(record) }) { () throws(EventStoreError) in
                try await store.append([storedEvent("s", 2)], expectedVersion: 1, idempotency: IdempotencyRecord(key: "k1", requestHash: "other", result: [:], expiresAt: 1))
            }
            try expect(try await store.load(streamID: "s", upTo: nil) { _ in true }.events.map(\.version) == [1], "the refused append wrote an event")
        },
        ConformanceCheck("a record kept alone takes its key once; the second gets the first record and nothing is appended") { make in
            let store = try await make()
            let rejection = IdempotencyRecord(key: "k-alone", requestHash: "h", result: ["outcome": .string("rejected")], expiresAt: 1_900_000_000)
            try await store.saveIdempotencyRecord(rejection)
            try expect(try await store.idempotencyRecord(key: "k-alone") == rejection, "the record did not read back")
            try await expectError("a second record under k-alone", matching: { $0 == EventStoreError.idempotencyKeyExists(rejection) }) { () throws(EventStoreError) in
                try await store.saveIdempotencyRecord(IdempotencyRecord(key: "k-alone", requestHash: "other", result: [:], expiresAt: 1))
            }
            try await expectError("an append under k-alone", matching: { $0 == EventStoreError.idempotencyKeyExists(rejection) }) { () throws(EventStoreError) in
                try await store.append([storedEvent("s", 1)], expectedVersion: 0, idempotency: IdempotencyRecord(key: "k-alone", requestHash: "h", result: [:], expiresAt: 1))
            }
            try expect(try await store.load(streamID: "s", upTo: nil) { _ in true }.events.isEmpty, "the refused append wrote an event")
        },
        ConformanceCheck("a stream keeps its newest snapshot; a load starts from it when it may, and reads nothing before it") { make in
            let store = try await make()
            for version in 1...10 { try await store.append([storedEvent("s", Int64(version))], expectedVersion: Int64(version - 1), idempotency: nil) }
            try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 4, schemaVersion: 1, state: ["total": .number("4")]))
            let current = try await store.load(streamID: "s", upTo: nil) { $0.schemaVersion == 1 }
            try expect(current.snapshot?.version == 4 && current.events.map(\.version) == Array(5...10), "loaded \(current.snapshot?.version ?? 0) + \(current.events.map(\.version))")
            let earlier = try await store.load(streamID: "s", upTo: 6) { _ in true }
            try expect(earlier.snapshot?.version == 4 && earlier.events.map(\.version) == [5, 6], "loaded up to 6: \(earlier.events.map(\.version))")
            let before = try await store.load(streamID: "s", upTo: 3) { _ in true }
            try expect(before.snapshot == nil && before.events.map(\.version) == [1, 2, 3], "loaded up to 3 from \(before.snapshot?.version ?? 0)")
            // An older snapshot (a slow writer) leaves the newer one; a newer one replaces it.
            try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 2, schemaVersion: 1, state: ["total": .number("2")]))
            try expect(try await store.load(streamID: "s", upTo: nil) { _ in true }.snapshot?.version == 4, "an older snapshot replaced the newer")
            try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 8, schemaVersion: 0, state: ["old": .bool(true)]))
            let refused = try await store.load(streamID: "s", upTo: nil) { $0.schemaVersion == 1 }
            try expect(refused.snapshot == nil && refused.events.map(\.version) == Array(1...10), "a refused snapshot was used")
            let any = try await store.load(streamID: "s", upTo: nil) { _ in true }
            try expect(any.snapshot?.version == 8 && any.events.map(\.version) == [9, 10], "loaded \(any.snapshot?.version ?? 0) + \(any.events.map(\.version))")
            try await expectError("a snapshot at a version that does not exist", matching: { (_: EventStoreError) in true }) { () throws(EventStoreError) in
                try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 11, schemaVersion: 1, state: [:]))
            }
            try await expectError("a snapshot over 400 KB", matching: { if case .tooLarge = $0 { true } else { false } }) { () throws(EventStoreError) in
                try await store.saveSnapshot(StoredSnapshot(streamID: "s", version: 10, schemaVersion: 1, state: ["big": .string(String(repeating: "z", count: 410_000))]))
            }
        },
    ]
}
