import BankDomain
import DynamoDB
import EventSourcing
import Foundation
import Testing

/// An account's history written to an in-memory event store, and the stream records those appends would emit.
private struct World {
    let events = InMemoryEventStore()
    let readModels = InMemoryReadModelStore()
    var projector: AccountProjector { AccountProjector(eventStore: events, readModels: readModels) }
    private var sequence = 1_000_000_000_000_000_000

    /// Appends `history` to account `id` and returns one INSERT record per event.
    mutating func append(_ id: String, _ history: [AccountEvent]) async throws -> [StreamRecord] {
        let stream = AccountID(id)!.streamID
        let start = try await events.load(streamID: stream, upTo: nil) { _ in false }.version
        let stored = try history.enumerated().map { offset, event in
            try AccountEvent.serializer.serialize(event, metadata: EventMetadata(streamID: stream, version: start + Int64(offset) + 1))
        }
        try await events.append(stored, expectedVersion: start, idempotency: nil)
        return stored.map { record(for: EventItemLayout.item(for: $0)) }
    }

    mutating func record(for item: [String: AttributeValue], name: StreamRecord.EventName = .insert, identity: StreamRecord.UserIdentity? = nil) -> StreamRecord {
        sequence += 1
        return StreamRecord(
            eventID: UUID().uuidString, eventName: name,
            dynamodb: .init(keys: ["pk": item["pk"]!, "sk": item["sk"]!], newImage: name == .remove ? nil : item, oldImage: name == .remove ? item : nil, sequenceNumber: String(sequence)),
            userIdentity: identity)
    }

    func summary(_ id: String) async throws -> AccountSummary? { try await readModels.summary(AccountID(id)!) }
    func list(_ owner: String) async throws -> OwnerAccounts { try await readModels.ownerAccounts(owner).0 }
}

@Suite("AccountProjector: exactly once, in order, per read model")
struct AccountProjectorTests {
    @Test("a batch builds both read models, one write per account and read model")
    func batch() async throws {
        var world = World()
        let a = try await world.append("a", [.opened(.init(owner: "ann")), .deposited(.init(amount: 100)), .withdrawn(.init(amount: 30))])
        let b = try await world.append("b", [.opened(.init(owner: "ann")), .deposited(.init(amount: 5))])
        let outcome = await world.projector.project([a[0], b[0], a[1], b[1], a[2]])
        #expect(outcome.failure == nil && outcome.applied == 5)
        #expect(outcome.summaryWrites == 2 && outcome.ownerWrites == 2)
        let summary = try await world.summary("a")
        #expect(summary?.balance == 70 && summary?.version == 3)
        let list = try await world.list("ann")
        #expect(list.totalBalance == 75 && list.accounts["b"]?.version == 2)
    }

    @Test("the same batch delivered twice is a no-op the second time")
    func duplicateBatch() async throws {
        var world = World()
        let records = try await world.append("a", [.opened(.init(owner: "ann")), .deposited(.init(amount: 10))])
        _ = await world.projector.project(records)
        let again = await world.projector.project(records)
        #expect(again.failure == nil && again.applied == 0 && again.summaryWrites == 0 && again.ownerWrites == 0)
        #expect(try await world.summary("a")?.balance == 10)
    }

    @Test("batches out of order: the later one fills the gap from the event store, the earlier one is then a no-op")
    func reorderedBatches() async throws {
        var world = World()
        let first = try await world.append("a", [.opened(.init(owner: "ann")), .deposited(.init(amount: 10))])
        let second = try await world.append("a", [.deposited(.init(amount: 5)), .withdrawn(.init(amount: 3))])
        let late = await world.projector.project(second)
        #expect(late.failure == nil && late.applied == 4)
        let summary = try await world.summary("a")
        #expect(summary?.balance == 12 && summary?.version == 4)
        let early = await world.projector.project(first)
        #expect(early.failure == nil && early.applied == 0)
        #expect(try await world.list("ann").accounts["a"] == .init(balance: 12, status: .open, version: 4))
    }

    @Test("a gap in the middle of a stream is filled from the event store before applying")
    func gap() async throws {
        var world = World()
        let records = try await world.append("a", [.opened(.init(owner: "ann")), .deposited(.init(amount: 1)), .deposited(.init(amount: 2)), .deposited(.init(amount: 4))])
        _ = await world.projector.project([records[0]])
        let outcome = await world.projector.project([records[3]])  // versions 2 and 3 never delivered
        #expect(outcome.failure == nil && outcome.applied == 3)
        #expect(try await world.summary("a")?.balance == 7)
    }

    @Test("a poison record is the reported failure; records before it are applied, none after it")
    func poison() async throws {
        var world = World()
        let a = try await world.append("a", [.opened(.init(owner: "ann")), .deposited(.init(amount: 10))])
        let b = try await world.append("b", [.opened(.init(owner: "ann"))])
        let poison = world.record(for: ["pk": .s("account#c"), "sk": .n("1"), "kind": .s("event"), "type": .s("Opened")])
        let outcome = await world.projector.project([a[0], poison, a[1], b[0]])
        #expect(outcome.failure?.index == 1)
        #expect(try await world.summary("a")?.version == 1)
        #expect(try await world.summary("b") == nil)
        let unknownType = try await world.append("d", [.opened(.init(owner: "ann"))])
        var item = try #require(unknownType[0].dynamodb.newImage)
        item["type"] = .s("Teleported")
        let typed = await world.projector.project([world.record(for: item)])
        #expect(typed.failure?.index == 0 && typed.failure?.reason.contains("Teleported") == true)
    }

    @Test("records that are not account events are skipped with a reason")
    func skipped() async throws {
        var world = World()
        let record = IdempotencyRecord(key: "ann#k", requestHash: "h", result: [:], expiresAt: 1)
        let idempotency = world.record(for: EventItemLayout.item(for: record))
        let ttl = world.record(for: EventItemLayout.item(for: record), name: .remove, identity: .init(type: "Service", principalId: "dynamodb.amazonaws.com"))
        let stranger = world.record(for: ["pk": .s("x"), "sk": .n("1")])
        let other = world.record(for: EventItemLayout.item(for: StoredEvent(type: "Opened", schemaVersion: 1, payload: ["owner": .s("x")], metadata: EventMetadata(streamID: "ledger#1", version: 1))))
        let outcome = await world.projector.project([idempotency, ttl, stranger, other])
        #expect(outcome.failure == nil && outcome.applied == 0)
        #expect(outcome.skipped.map(\.index) == [0, 1, 2, 3])
        #expect(outcome.skipped[1].reason == "TTL removal")
    }

    @Test("a snapshot added to an event item (a MODIFY) is a duplicate, not a second application")
    func snapshotModify() async throws {
        var world = World()
        let records = try await world.append("a", [.opened(.init(owner: "ann")), .deposited(.init(amount: 10))])
        _ = await world.projector.project(records)
        var item = try #require(records[1].dynamodb.newImage)
        item["snapshot"] = .m(["schemaVersion": .n("1"), "state": .m([:])])
        let outcome = await world.projector.project([world.record(for: item, name: .modify)])
        #expect(outcome.failure == nil && outcome.applied == 0 && outcome.summaryWrites == 0)
    }
}

/// The in-memory read models, failing on purpose: a concurrent writer slipping in before the first summary write of
/// an account (`interfereOnce`), or a store that cannot be reached for an account (`downFor`).
private final class InterferingReadModelStore: ReadModelStore, @unchecked Sendable {
    let base = InMemoryReadModelStore()
    private let lock = NSLock()
    private var interfereOnce: AccountID?
    private let downFor: AccountID?

    init(interfereOnce: AccountID? = nil, downFor: AccountID? = nil) {
        self.interfereOnce = interfereOnce
        self.downFor = downFor
    }

    func summary(_ id: AccountID) async throws(ReadModelError) -> AccountSummary? {
        if id == downFor { throw .unavailable("injected") }
        return try await base.summary(id)
    }

    func putSummary(_ summary: AccountSummary, expectedVersion: Int64?) async throws(ReadModelError) {
        let interfere = lock.withLock { () -> Bool in
            defer { if interfereOnce == summary.id { interfereOnce = nil } }
            return interfereOnce == summary.id
        }
        if interfere {
            // Another projector applies the account's first event meanwhile: this write must lose and be redone.
            var theirs = summary
            theirs.version = 1
            theirs.balance = 0
            try await base.putSummary(theirs, expectedVersion: expectedVersion)
        }
        try await base.putSummary(summary, expectedVersion: expectedVersion)
    }

    func ownerAccounts(_ owner: String) async throws(ReadModelError) -> (OwnerAccounts, revision: Int64) {
        try await base.ownerAccounts(owner)
    }

    func putOwnerAccounts(_ list: OwnerAccounts, expectedRevision: Int64) async throws(ReadModelError) {
        try await base.putOwnerAccounts(list, expectedRevision: expectedRevision)
    }
}

@Suite("AccountProjector when writes fail")
struct AccountProjectorFailureTests {
    @Test("a write that loses to a concurrent writer is read again and re-applied, exactly once")
    func conflictIsRetried() async throws {
        var world = World()
        let records = try await world.append("a", [.opened(.init(owner: "ann")), .deposited(.init(amount: 10)), .deposited(.init(amount: 5))])
        let store = InterferingReadModelStore(interfereOnce: AccountID("a")!)
        let outcome = await AccountProjector(eventStore: world.events, readModels: store).project(records)
        #expect(outcome.failure == nil)
        let summary = try await store.base.summary(AccountID("a")!)
        #expect(summary?.balance == 15 && summary?.version == 3)
        #expect(try await store.base.ownerAccounts("ann").0.totalBalance == 15)
    }

    @Test("a store that stays down reports the account's first record; accounts before it are applied")
    func unavailableStore() async throws {
        var world = World()
        let a = try await world.append("a", [.opened(.init(owner: "ann"))])
        let b = try await world.append("b", [.opened(.init(owner: "ann")), .deposited(.init(amount: 3))])
        let store = InterferingReadModelStore(downFor: AccountID("b")!)
        let outcome = await AccountProjector(eventStore: world.events, readModels: store).project([a[0], b[0], b[1]])
        #expect(outcome.failure?.index == 1)
        #expect(outcome.failure?.reason.contains("unavailable") == true)
        #expect(try await store.base.summary(AccountID("a")!)?.version == 1)
        #expect(try await store.base.summary(AccountID("b")!) == nil)
    }
}
