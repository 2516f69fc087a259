import DynamoDB
import EventSourcing

/// Applies DynamoDB stream records of the events table to the read models, exactly once per event and read model.
///
/// - Records that are not account events (idempotency records, other items, removals such as TTL expiry) are
///   skipped, each with its reason.
/// - The batch is cut at the first record that cannot be decoded: it is the failure reported, and nothing from it
///   on is applied.
/// - Events are grouped per account (several events of one account make one write per read model) and applied in
///   version order from what each read model has applied: duplicates are no-ops, and missing versions (a gap, or
///   a read model that lags) are read from the event store first.
/// - Writes are conditional on what each read model held; a concurrent writer means read again and re-apply.
///   A write that still fails reports the account's first record as the failure (Lambda redelivers from there;
///   what was already applied is then a duplicate, a no-op).
public struct AccountProjector: Sendable {
    public let eventStore: any EventStore
    public let readModels: any ReadModelStore
    public let serializer = AccountEvent.serializer
    public var maxAttempts = 5

    public init(eventStore: any EventStore, readModels: any ReadModelStore) {
        self.eventStore = eventStore
        self.readModels = readModels
    }

    public struct Outcome: Sendable {
        /// Records skipped, with why.
        public var skipped: [(index: Int, reason: String)] = []
        /// The first record that failed, with why; nil when the batch succeeded.
        public var failure: (index: Int, reason: String)?
        /// Events newly applied to an account summary.
        public var applied = 0
        public var summaryWrites = 0
        public var ownerWrites = 0
    }

    private struct Pending {
        var firstIndex: Int
        var events: [(AccountEvent, EventMetadata)]
    }

    public func project(_ records: [StreamRecord]) async -> Outcome {
        var outcome = Outcome()
        var accounts: [AccountID: Pending] = [:]
        var order: [AccountID] = []
        for (index, record) in records.enumerated() {
            guard record.eventName != .remove else {
                outcome.skipped.append((index, record.isTimeToLiveRemoval ? "TTL removal" : "removal"))
                continue
            }
            guard let image = record.dynamodb.newImage else {
                outcome.skipped.append((index, "no new image"))
                continue
            }
            let stored: StoredEvent?
            do {
                stored = try EventItemLayout.event(from: image)
            } catch {
                outcome.failure = (index, error.description)
                break
            }
            guard let stored else {
                outcome.skipped.append((index, "not an event (\(image["kind"]?.stringValue ?? "no kind"))"))
                continue
            }
            guard let id = AccountID(streamID: stored.streamID) else {
                outcome.skipped.append((index, "not an account stream: \(stored.streamID)"))
                continue
            }
            do {
                let event = try serializer.deserialize(stored)
                if accounts[id] == nil { order.append(id) }
                accounts[id, default: Pending(firstIndex: index, events: [])].events.append((event, stored.metadata))
            } catch {
                outcome.failure = (index, error.description)
                break
            }
        }
        for id in order {
            let pending = accounts[id]!
            if let failure = outcome.failure, pending.firstIndex > failure.index { break }
            do {
                try await apply(pending.events, to: id, outcome: &outcome)
            } catch {
                if outcome.failure == nil || pending.firstIndex < outcome.failure!.index {
                    outcome.failure = (pending.firstIndex, "account \(id): \(error)")
                }
                break
            }
        }
        return outcome
    }

    private func apply(_ batch: [(AccountEvent, EventMetadata)], to id: AccountID, outcome: inout Outcome) async throws {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await applyOnce(batch, to: id, outcome: &outcome)
                return
            } catch ReadModelError.conflict where attempt < maxAttempts {
                continue
            }
        }
    }

    private func applyOnce(_ batch: [(AccountEvent, EventMetadata)], to id: AccountID, outcome: inout Outcome) async throws {
        let summary = try await readModels.summary(id)
        let newest = batch.map(\.1.version).max() ?? 0
        let summaryApplied = summary?.version ?? 0
        // The owner, and so the owner's list, is known from the summary or from the account's first event.
        var history = try await contiguous(batch, for: id, after: summaryApplied, upTo: newest)
        let owner: String
        if let summary {
            owner = summary.owner
        } else if case .opened(let opened)? = history.first?.0 {
            owner = opened.owner
        } else {
            throw ProjectionError.inconsistent("account \(id) has no summary and its events do not start with Opened")
        }
        let (list, revision) = try await readModels.ownerAccounts(owner)
        let listApplied = list.accounts[id.rawValue]?.version ?? 0
        if listApplied < summaryApplied {
            history = try await contiguous(batch, for: id, after: listApplied, upTo: newest)
        }
        guard newest > min(summaryApplied, listApplied) else { return }  // every event already applied

        var updatedSummary = summary
        var updatedList = list
        var applied = 0
        for (event, metadata) in history {
            if metadata.version > summaryApplied {
                guard let next = AccountSummary.applying(event, metadata: metadata, to: updatedSummary) else {
                    throw ProjectionError.inconsistent("event \(metadata.version) of \(id) does not follow the summary at \(updatedSummary?.version ?? 0)")
                }
                updatedSummary = next
                applied += 1
            }
            if metadata.version > listApplied {
                guard let next = updatedList.applying(event, metadata: metadata) else {
                    throw ProjectionError.inconsistent("event \(metadata.version) of \(id) does not follow the owner's list")
                }
                updatedList = next
            }
        }
        if let updatedSummary, updatedSummary != summary {
            try await readModels.putSummary(updatedSummary, expectedVersion: summary?.version)
            outcome.summaryWrites += 1
            outcome.applied += applied
        }
        if updatedList != list {
            try await readModels.putOwnerAccounts(updatedList, expectedRevision: revision)
            outcome.ownerWrites += 1
        }
    }

    /// The account's events after `after` up to `upTo`, in version order without gaps: from the batch where it
    /// has them, otherwise from the event store.
    private func contiguous(
        _ batch: [(AccountEvent, EventMetadata)], for id: AccountID, after: Int64, upTo: Int64
    ) async throws -> [(AccountEvent, EventMetadata)] {
        guard upTo > after else { return [] }
        var byVersion: [Int64: (AccountEvent, EventMetadata)] = [:]
        for entry in batch where entry.1.version > after && entry.1.version <= upTo { byVersion[entry.1.version] = entry }
        if byVersion.count < Int(upTo - after) {
            for stored in try await eventStore.events(streamID: id.streamID, after: after, upTo: upTo, limit: nil) where byVersion[stored.version] == nil {
                byVersion[stored.version] = (try serializer.deserialize(stored), stored.metadata)
            }
        }
        guard byVersion.count == Int(upTo - after) else {
            throw ProjectionError.inconsistent("events \(after + 1)…\(upTo) of \(id) are not all in the event store")
        }
        return byVersion.keys.sorted().map { byVersion[$0]! }
    }
}

public enum ProjectionError: Error, CustomStringConvertible {
    case inconsistent(String)

    public var description: String {
        switch self {
        case .inconsistent(let message): message
        }
    }
}
