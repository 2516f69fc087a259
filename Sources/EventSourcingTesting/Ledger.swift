import EventSourcing

/// A small domain the conformance suites run commands and projections with: a ledger of additions that can be
/// noted and closed, owned by whoever opens it.
struct Added: EventPayload, Equatable {
    static let eventType = "Added"
    static let schemaVersion = 2
    var amount: Int
}

struct Noted: EventPayload, Equatable {
    static let eventType = "Noted"
    var text: String
}

struct Closed: EventPayload, Equatable {
    static let eventType = "Closed"
}

enum LedgerEvent: Equatable, Sendable {
    case added(Added)
    case noted(Noted)
    case closed(Closed)

    var payload: any EventPayload {
        switch self {
        case .added(let payload): payload
        case .noted(let payload): payload
        case .closed(let payload): payload
        }
    }

    /// "Added" is at schema 2: version 1 stored the amount as "value".
    static let serializer = EventSerializer<LedgerEvent>(payload: \.payload)
        .registering(Added.self, LedgerEvent.added)
        .registering(Noted.self, LedgerEvent.noted)
        .registering(Closed.self, LedgerEvent.closed)
        .upcasting(Added.self, from: 1) { old in
            var new = old
            new["amount"] = new.removeValue(forKey: "value")
            return new
        }
}

struct Ledger: Aggregate, Equatable {
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
        case .close: return [.closed(Closed())]
        }
    }
}

/// A raw event for the store-level checks.
func storedEvent(_ stream: String, _ version: Int64, type: String = "Added", schema: Int = 2, payload: [String: JSON] = ["amount": .number("1")]) -> StoredEvent {
    StoredEvent(type: type, schemaVersion: schema, payload: payload, metadata: EventMetadata(streamID: stream, version: version))
}

/// The ledger's total per stream: a read model keyed by stream.
struct LedgerTotals: Projection {
    struct Total: Codable, Equatable, Sendable { var total: Int; var entries: Int }
    static let name = "ledger-total"
    let partition = Partition<LedgerEvent>.byStream { $0 }

    func apply(_ event: RecordedEvent<LedgerEvent>, to document: Total?) throws -> Total {
        var total = document ?? Total(total: 0, entries: 0)
        if case .added(let added) = event.event {
            guard added.amount != 13 else { throw ConformanceFailure("13 cannot be applied") }
            total.total += added.amount
            total.entries += 1
        }
        return total
    }
}

/// Every ledger's additions in one document per first note: a read model across streams, keyed by the text of
/// each stream's first event when it is a note. Its streams are kept sorted: a document fed by several streams must
/// not depend on how their events interleave, which differs between the live stream and a rebuild's scan.
struct NotebookTotals: Projection {
    struct Book: Codable, Equatable, Sendable { var total: Int; var streams: [String] }
    static let name = "notebook"
    let partition = Partition<LedgerEvent>.byFirstEvent { first in
        if case .noted(let noted) = first.event { noted.text } else { nil }
    }

    func apply(_ event: RecordedEvent<LedgerEvent>, to document: Book?) throws -> Book {
        var book = document ?? Book(total: 0, streams: [])
        if !book.streams.contains(event.streamID) {
            book.streams.append(event.streamID)
            book.streams.sort()
        }
        if case .added(let added) = event.event { book.total += added.amount }
        return book
    }
}
