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
}
