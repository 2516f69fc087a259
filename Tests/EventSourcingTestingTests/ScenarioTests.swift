import EventSourcing
@testable import EventSourcingTesting
import Testing

@Suite("Given / When / Then for commands")
struct ScenarioTests {
    let ledger = Scenario(LedgerHandler())

    @Test("an addition to an open ledger records it")
    func addition() throws {
        try ledger.given(.added(Added(amount: 1))).when(.add(5)).then(.added(Added(amount: 5)))
    }

    @Test("one command can record several events")
    func severalEvents() throws {
        try ledger.when(.addWithNote(3, "rent")).then(.added(Added(amount: 3)), .noted(Noted(text: "rent")))
    }

    @Test("a closed ledger refuses everything")
    func closed() throws {
        try ledger.given(.added(Added(amount: 1)), .closed(Closed())).when(.add(5)).thenFails { $0 == .closed }
        try ledger.given(.closed(Closed())).when(.note("late")).thenFails { $0 == .closed }
    }

    @Test("authorize runs as the dispatcher runs it, before the rules")
    func authorize() throws {
        try Scenario(GuardedLedgerHandler()).when(.note("x")).thenFails { $0 == .notPositive }
    }

    @Test("a scenario that does not hold says what was expected and what happened")
    func failureMessages() {
        #expect(throws: ScenarioFailure.self) { try ledger.when(.add(5)).then(.added(Added(amount: 6))) }
        #expect(throws: ScenarioFailure.self) { try ledger.when(.add(5)).thenFails { _ in true } }
        #expect(throws: ScenarioFailure.self) { try ledger.when(.add(0)).thenFails { $0 == .closed } }
        do {
            try ledger.when(.add(-1)).then(.added(Added(amount: -1)))
            Issue.record("passed")
        } catch {
            #expect(error.description.contains("notPositive"))
        }
    }
}

@Suite("Given / Then for projections")
struct ProjectionScenarioTests {
    @Test("events fold into the document, in order")
    func folds() throws {
        try ProjectionScenario(LedgerTotals(), stream: "l")
            .given(.added(Added(amount: 2)), .noted(Noted(text: "x")), .added(Added(amount: 3)))
            .then { $0 == .init(total: 5, entries: 2) }
        #expect(try ProjectionScenario(LedgerTotals(), stream: "l").document() == nil)
    }

    @Test("an event the projection cannot apply is a failure; a document that does not match says so")
    func failures() throws {
        try ProjectionScenario(LedgerTotals(), stream: "l").given(.added(Added(amount: 13))).thenFails()
        #expect(throws: ScenarioFailure.self) {
            try ProjectionScenario(LedgerTotals(), stream: "l").given(.added(Added(amount: 1))).then { $0?.total == 2 }
        }
        #expect(throws: ScenarioFailure.self) {
            try ProjectionScenario(LedgerTotals(), stream: "l").given(.added(Added(amount: 1))).thenFails()
        }
    }
}
