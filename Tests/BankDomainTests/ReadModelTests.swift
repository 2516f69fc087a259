import EventSourcing
import EventSourcingBankDomain
import EventSourcingTesting
import Foundation
import Testing

@Suite("The bank's read models are pure folds of events")
struct ReadModelTests {
    private let summary = ProjectionScenario(AccountSummaryProjection(), stream: "account#a")

    @Test("the account summary follows the account's history")
    func accountSummary() throws {
        let folded = try #require(try summary.given(.opened(.init(owner: "ann")), .deposited(.init(amount: 100)), .withdrawn(.init(amount: 30))).document())
        #expect(folded.id == AccountID("a") && folded.owner == "ann" && folded.balance == 70 && folded.status == .open && folded.version == 3)
        try summary.given(.opened(.init(owner: "ann")), .closed(.init())).then { $0?.status == .closed && $0?.version == 2 }
    }

    @Test("a history that no rule could produce cannot be applied")
    func impossibleHistories() throws {
        try summary.given(.deposited(.init(amount: 1))).thenFails()
        try summary.given(.opened(.init(owner: "ann")), .opened(.init(owner: "bob"))).thenFails()
        try ProjectionScenario(AccountSummaryProjection(), stream: "ledger#1").given(.opened(.init(owner: "ann"))).thenFails()
    }

    @Test("the summary's document is keyed by account, the owner's list by the owner of each account's first event")
    func partitions() throws {
        #expect(AccountSummaryProjection().partition.streamKey?("account#acc-1") == "acc-1")
        #expect(AccountSummaryProjection().partition.streamKey?("ledger#1") == nil)
        #expect(OwnerAccountsProjection().partition.streamKey == nil)
    }

    @Test("the owner's list tracks each account's balance, status and version, across accounts")
    func ownerAccounts() throws {
        let projection = OwnerAccountsProjection()
        func apply(_ event: AccountEvent, _ stream: String, _ version: Int64, to list: OwnerAccounts?) throws -> OwnerAccounts {
            try projection.apply(RecordedEvent(event: event, metadata: EventMetadata(streamID: "account#\(stream)", version: version), type: "e"), to: list)
        }
        var list = try apply(.opened(.init(owner: "ann")), "b", 1, to: nil)
        list = try apply(.opened(.init(owner: "ann")), "a", 1, to: list)
        list = try apply(.deposited(.init(amount: 100)), "a", 2, to: list)
        list = try apply(.deposited(.init(amount: 5)), "b", 2, to: list)
        list = try apply(.withdrawn(.init(amount: 40)), "a", 3, to: list)
        #expect(list.totalBalance == 65 && list.accounts["a"] == .init(balance: 60, status: .open, version: 3))
        let view = OwnerAccountsView(list, owner: "ann")
        #expect(view.accounts.map(\.id) == ["a", "b"] && view.totalBalance == 65)
        let empty = OwnerAccountsView(nil, owner: "carol")
        #expect(empty.accounts.isEmpty && empty.totalBalance == 0 && empty.owner == "carol")
    }

    @Test("the owner's daily totals add each day's deposits and withdrawals by the events' own UTC day, across accounts")
    func dailyTotals() throws {
        let projection = OwnerDailyTotalsProjection()
        let midnight = Date(timeIntervalSince1970: 1_795_651_200)  // 2026-11-26T00:00:00Z
        func apply(_ event: AccountEvent, _ stream: String, _ version: Int64, at seconds: TimeInterval, to totals: OwnerDailyTotals?) throws -> OwnerDailyTotals {
            try projection.apply(RecordedEvent(event: event, metadata: EventMetadata(streamID: "account#\(stream)", version: version, timestamp: midnight + seconds), type: "e"), to: totals)
        }
        var totals = try apply(.opened(.init(owner: "ann")), "a", 1, at: -1, to: nil)
        totals = try apply(.deposited(.init(amount: 100)), "a", 2, at: 5, to: totals)
        totals = try apply(.opened(.init(owner: "ann")), "b", 1, at: 60, to: totals)
        totals = try apply(.withdrawn(.init(amount: 30)), "a", 3, at: 86_399, to: totals)
        totals = try apply(.deposited(.init(amount: 7)), "b", 2, at: 86_400, to: totals)
        #expect(totals.owner == "ann" && totals.days.keys.sorted() == ["2026-11-25", "2026-11-26", "2026-11-27"])
        #expect(totals.days["2026-11-26"]?.deposited == 100 && totals.days["2026-11-26"]?.withdrawn == 30 && totals.days["2026-11-26"]?.events == 3)
        #expect(totals.days["2026-11-27"]?.deposited == 7 && totals.days["2026-11-25"]?.events == 1)
        #expect(throws: AccountProjectionError.self) { try apply(.deposited(.init(amount: 1)), "c", 2, at: 0, to: nil) }
    }
}
