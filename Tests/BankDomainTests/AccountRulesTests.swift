import EventSourcing
import EventSourcingBankDomain
import EventSourcingTesting
import Testing

private let account = Scenario(AccountHandler())
private func cents(_ value: Int64) -> Amount { Amount(cents: value)! }

@Suite("Account rules")
struct AccountRulesTests {
    @Test("an account opens once, for its owner")
    func opening() throws {
        try account.when(.open(owner: "ann")).then(.opened(.init(owner: "ann")))
        try account.given(.opened(.init(owner: "ann"))).when(.open(owner: "bob")).thenFails { $0 == .alreadyExists }
    }

    @Test("deposits add to the balance; withdrawals may not overdraw")
    func money() throws {
        let funded = account.given(.opened(.init(owner: "ann")), .deposited(.init(amount: 100)))
        try funded.when(.deposit(cents(50))).then(.deposited(.init(amount: 50)))
        try funded.when(.withdraw(cents(100))).then(.withdrawn(.init(amount: 100)))
        try funded.when(.withdraw(cents(101))).thenFails { $0 == .insufficientFunds(balance: 100, requested: 101) }
    }

    @Test("nothing happens to an account that was never opened")
    func notOpened() throws {
        for command in [AccountCommand.deposit(cents(1)), .withdraw(cents(1)), .close] {
            try account.when(command).thenFails { $0 == .notFound }
        }
    }

    @Test("a closed account refuses every command")
    func closed() throws {
        let closed = account.given(.opened(.init(owner: "ann")), .closed(.init()))
        for command in [AccountCommand.deposit(cents(1)), .withdraw(cents(1)), .close] {
            try closed.when(command).thenFails { $0 == .accountClosed }
        }
        try closed.when(.open(owner: "ann")).thenFails { $0 == .alreadyExists }
    }

    @Test("an account closes only at a zero balance")
    func closing() throws {
        let opened = account.given(.opened(.init(owner: "ann")))
        try opened.when(.close).then(.closed(.init()))
        try opened.given(.deposited(.init(amount: 5))).when(.close).thenFails { $0 == .balanceNotZero(balance: 5) }
        try opened.given(.deposited(.init(amount: 5)), .withdrawn(.init(amount: 5))).when(.close).then(.closed(.init()))
    }

    @Test("a deposit that would overflow the balance is refused, not a crash")
    func overflow() throws {
        let huge = account.given([.opened(.init(owner: "ann"))] + Array(repeating: AccountEvent.deposited(.init(amount: Int64.max / 2)), count: 2))
        try huge.when(.deposit(cents(1_000_000_000_000))).thenFails { $0 == .balanceLimitExceeded }
    }

    @Test("amounts are whole cents from 1 to 1,000,000,000,000", arguments: [(Int64(0), false), (1, true), (1_000_000_000_000, true), (1_000_000_000_001, false), (-5, false)])
    func amounts(cents: Int64, valid: Bool) {
        #expect((Amount(cents: cents) != nil) == valid)
    }

    @Test("account ids are 1 to 64 of letters, digits, '_' and '-'", arguments: [
        ("acc-1", true), ("A_b-9", true), (String(repeating: "a", count: 64), true), ("", false),
        (String(repeating: "a", count: 65), false), ("has space", false), ("slash/", false), ("ü", false),
    ])
    func accountIDs(text: String, valid: Bool) {
        #expect((AccountID(text) != nil) == valid)
        if let id = AccountID(text) { #expect(AccountID(streamID: id.streamID) == id) }
    }

    @Test("every event round-trips through the serializer under its stable name")
    func serializer() throws {
        let events: [AccountEvent] = [.opened(.init(owner: "ann")), .deposited(.init(amount: 7)), .withdrawn(.init(amount: 2)), .closed(.init())]
        for (offset, event) in events.enumerated() {
            let stored = try AccountEvent.serializer.serialize(event, metadata: EventMetadata(streamID: "account#a", version: Int64(offset + 1)))
            #expect(stored.type == AccountEvent.serializer.eventType(of: event) && stored.type == type(of: event.payload).eventType)
            #expect(try AccountEvent.serializer.deserialize(stored) == event)
        }
    }
}

@Suite("Amounts as request bodies carry them")
struct AmountDecodingTests {
    @Test("whole cents from 1 to 10^12, read exactly; everything else is refused with a reason", arguments: [
        ("100", Int64?(100)), ("1000000000000", 1_000_000_000_000), ("100.0", 100), ("1e2", 100),
        ("0", nil), ("-5", nil), ("1.5", nil), ("1.0000000000000001", nil), ("1000000000001", nil), ("1e300", nil),
    ])
    func amounts(text: String, cents: Int64?) {
        let decoded = try? JSONValueDecoder().decode(Amount.self, from: .number(text))
        #expect(decoded?.cents == cents)
    }

    @Test("a string or null is not an amount")
    func notNumbers() {
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Amount.self, from: .string("100")) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Amount.self, from: .null) }
    }
}
