import EventSourcing
import Testing

@Suite("The ledger's rules, as Given / When / Then")
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
        try ledger.given(.added(Added(amount: 1)), .closed).when(.add(5)).thenFails { $0 == .closed }
        try ledger.given(.closed).when(.note("late")).thenFails { $0 == .closed }
    }

    @Test("only positive amounts are added")
    func positive() throws {
        try ledger.when(.add(0)).thenFails { $0 == .notPositive }
    }

    @Test("a scenario that does not hold says what was expected and what happened")
    func failureMessages() {
        #expect(throws: ScenarioFailure.self) { try ledger.when(.add(5)).then(.added(Added(amount: 6))) }
        #expect(throws: ScenarioFailure.self) { try ledger.when(.add(5)).thenFails { _ in true } }
        #expect(throws: ScenarioFailure.self) { try ledger.when(.add(0)).thenFails { $0 == .closed } }
        do {
            try ledger.when(.add(-1)).then(.added(Added(amount: -1)))
        } catch {
            #expect(error.description.contains("notPositive"))
        }
    }
}
