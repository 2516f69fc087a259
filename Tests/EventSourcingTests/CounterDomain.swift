import DynamoDB
import EventSourcing

/// A small domain for the library's tests: a ledger of additions that can be closed.
struct Added: Codable, Equatable, Sendable { var amount: Int }
struct Noted: Codable, Equatable, Sendable { var text: String }

enum LedgerEvent: Equatable, Sendable {
    case added(Added)
    case noted(Noted)
    case closed
}

struct Ledger: Aggregate {
    var total = 0
    var entries = 0
    var notes: [String] = []
    var isClosed = false

    mutating func apply(_ event: LedgerEvent) {
        switch event {
        case .added(let added):
            total += added.amount
            entries += 1
        case .noted(let noted): notes.append(noted.text)
        case .closed: isClosed = true
        }
    }
}

enum LedgerCommand: Sendable {
    case add(Int)
    case addWithNote(Int, String)
    case note(String)
    case close
}

enum LedgerError: Error, Equatable, Codable {
    case closed
    case notPositive
}

struct LedgerHandler: CommandHandler {
    func handle(_ command: LedgerCommand, state: Ledger, version: Int64) throws(LedgerError) -> [LedgerEvent] {
        guard !state.isClosed else { throw .closed }
        switch command {
        case .add(let amount):
            guard amount > 0 else { throw .notPositive }
            return [.added(Added(amount: amount))]
        case .addWithNote(let amount, let text):
            guard amount > 0 else { throw .notPositive }
            return [.added(Added(amount: amount)), .noted(Noted(text: text))]
        case .note(let text): return [.noted(Noted(text: text))]
        case .close: return [.closed]
        }
    }
}

/// The ledger's rules, except that notes may not be sent at all: `authorize` refuses them.
struct GuardedLedgerHandler: CommandHandler {
    func authorize(_ command: LedgerCommand, state: Ledger) throws(LedgerError) {
        if case .note = command { throw .notPositive }
    }

    func handle(_ command: LedgerCommand, state: Ledger, version: Int64) throws(LedgerError) -> [LedgerEvent] {
        try LedgerHandler().handle(command, state: state, version: version)
    }
}

struct Empty: Codable, Sendable {}

/// The ledger's serializer. "Added" is at schema 2: version 1 stored the amount as "value".
let ledgerSerializer: EventSerializer<LedgerEvent> = {
    var serializer = EventSerializer<LedgerEvent> { event in
        switch event {
        case .added(let payload): ("Added", try EventSerializer<LedgerEvent>.payload(payload))
        case .noted(let payload): ("Noted", try EventSerializer<LedgerEvent>.payload(payload))
        case .closed: ("Closed", [:])
        }
    }
    serializer.register(Added.self, as: "Added", schemaVersion: 2) { .added($0) }
    serializer.register(Noted.self, as: "Noted") { .noted($0) }
    serializer.register(Empty.self, as: "Closed") { _ in .closed }
    serializer.upcast("Added", from: 1) { old in
        var new = old
        new["amount"] = new.removeValue(forKey: "value")
        return new
    }
    return serializer
}()
