import BankDomain
import EventSourcing
import Foundation
import Testing

private func meta(_ id: String, _ version: Int64, at seconds: Double = 1_795_769_297) -> EventMetadata {
    EventMetadata(streamID: "account#\(id)", version: version, timestamp: Date(timeIntervalSince1970: seconds + Double(version)))
}

@Suite("Read models are pure functions of events")
struct ReadModelTests {
    @Test("the account summary follows the account's history")
    func summary() throws {
        let history: [(AccountEvent, EventMetadata)] = [
            (.opened(.init(owner: "ann")), meta("a", 1)), (.deposited(.init(amount: 100)), meta("a", 2)),
            (.withdrawn(.init(amount: 30)), meta("a", 3)),
        ]
        let summary = try #require(AccountSummary.project(history))
        #expect(summary.id == AccountID("a") && summary.owner == "ann" && summary.balance == 70)
        #expect(summary.status == .open && summary.version == 3)
        #expect(summary.openedAt == meta("a", 1).timestamp && summary.updatedAt == meta("a", 3).timestamp)
        let closed = AccountSummary.applying(.closed(.init()), metadata: meta("a", 4), to: AccountSummary.applying(.withdrawn(.init(amount: 70)), metadata: meta("a", 4), to: summary))
        #expect(closed == nil)  // version 4 twice: the second is refused
        let emptied = try #require(AccountSummary.applying(.withdrawn(.init(amount: 70)), metadata: meta("a", 4), to: summary))
        #expect(AccountSummary.applying(.closed(.init()), metadata: meta("a", 5), to: emptied)?.status == .closed)
    }

    @Test("a duplicate, a gap, or another account's event is refused, never folded twice")
    func exactlyOnce() throws {
        let opened = try #require(AccountSummary.applying(.opened(.init(owner: "ann")), metadata: meta("a", 1), to: nil))
        #expect(AccountSummary.applying(.deposited(.init(amount: 1)), metadata: meta("a", 1), to: opened) == nil)
        #expect(AccountSummary.applying(.deposited(.init(amount: 1)), metadata: meta("a", 3), to: opened) == nil)
        #expect(AccountSummary.applying(.deposited(.init(amount: 1)), metadata: meta("b", 2), to: opened) == nil)
        #expect(AccountSummary.applying(.deposited(.init(amount: 1)), metadata: meta("a", 2), to: nil) == nil)
        #expect(AccountSummary.step(for: 1, after: nil) == .apply)
        #expect(AccountSummary.step(for: 3, after: 3) == .duplicate)
        #expect(AccountSummary.step(for: 6, after: 3) == .gap(missingFrom: 4))
    }

    @Test("the owner's list sums balances across accounts and tracks each account's version")
    func ownerAccounts() throws {
        var list = OwnerAccounts(owner: "ann")
        let steps: [(AccountEvent, EventMetadata)] = [
            (.opened(.init(owner: "ann")), meta("b", 1)), (.opened(.init(owner: "ann")), meta("a", 1)),
            (.deposited(.init(amount: 100)), meta("a", 2)), (.deposited(.init(amount: 5)), meta("b", 2)),
            (.withdrawn(.init(amount: 40)), meta("a", 3)),
        ]
        for (event, metadata) in steps { list = try #require(list.applying(event, metadata: metadata)) }
        #expect(list.totalBalance == 65)
        #expect(list.sortedAccounts.map(\.id) == ["a", "b"])
        #expect(list.accounts["a"] == .init(balance: 60, status: .open, version: 3))
        #expect(list.applying(.deposited(.init(amount: 1)), metadata: meta("a", 3)) == nil)  // duplicate
        #expect(list.applying(.deposited(.init(amount: 1)), metadata: meta("b", 4)) == nil)  // gap
        #expect(list.applying(.opened(.init(owner: "bob")), metadata: meta("c", 1)) == nil)  // someone else's
        #expect(OwnerAccounts(owner: "nobody").totalBalance == 0 && OwnerAccounts(owner: "nobody").sortedAccounts.isEmpty)
    }
}
