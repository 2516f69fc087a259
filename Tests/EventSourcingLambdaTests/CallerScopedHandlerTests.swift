import EventSourcing
import EventSourcingLambda
import EventSourcingTesting
import Testing

/// A board anyone can create and only its owner can pin notes to.
private struct Created: EventPayload, Equatable { static let eventType = "Created"; var owner: String }
private struct Pinned: EventPayload, Equatable { static let eventType = "Pinned"; var text: String }

private enum BoardEvent: Equatable, Sendable {
    case created(Created)
    case pinned(Pinned)
}

private struct Board: OwnedAggregate {
    var owner: String?
    var notes = 0
    mutating func apply(_ event: BoardEvent) {
        switch event {
        case .created(let created): owner = created.owner
        case .pinned: notes += 1
        }
    }
}

private enum BoardCommand: Sendable { case create(String), pin(String) }
private enum BoardError: Error, Codable, Equatable { case exists, empty }

private struct BoardHandler: CommandHandler {
    func handle(_ command: BoardCommand, state: Board, version: Int64) throws(BoardError) -> [BoardEvent] {
        switch command {
        case .create(let owner):
            guard state.owner == nil else { throw .exists }
            return [.created(Created(owner: owner))]
        case .pin(let text):
            guard !text.isEmpty else { throw .empty }
            return [.pinned(Pinned(text: text))]
        }
    }
}

private func scenario(_ history: BoardEvent...) -> Scenario<CallerScopedHandler<BoardHandler>> {
    Scenario(CallerScopedHandler(BoardHandler())).given(history)
}

private func command(_ caller: String, _ command: BoardCommand, creates: Bool = false) -> CallerCommand<BoardCommand> {
    CallerCommand(caller: caller, command: command, creates: creates)
}

@Suite("CallerScopedHandler: a stream shown only to its owner")
struct CallerScopedHandlerTests {
    @Test("the owner's commands reach the domain, its rejections included")
    func owner() throws {
        try scenario(.created(Created(owner: "ann"))).when(command("ann", .pin("hi"))).then(.pinned(Pinned(text: "hi")))
        try scenario(.created(Created(owner: "ann"))).when(command("ann", .pin(""))).thenFails { $0 == .domain(.empty) }
    }

    @Test("another caller, or a stream that does not exist, is not found — the same answer")
    func strangers() throws {
        try scenario(.created(Created(owner: "ann"))).when(command("bob", .pin("hi"))).thenFails { $0 == .notFound }
        try scenario().when(command("bob", .pin("hi"))).thenFails { $0 == .notFound }
    }

    @Test("a creating command runs on a new stream; on another owner's it is already_exists, on one's own the domain decides")
    func creating() throws {
        try scenario().when(command("ann", .create("ann"), creates: true)).then(.created(Created(owner: "ann")))
        try scenario(.created(Created(owner: "ann"))).when(command("bob", .create("bob"), creates: true)).thenFails { $0 == .alreadyExists }
        try scenario(.created(Created(owner: "ann"))).when(command("ann", .create("ann"), creates: true)).thenFails { $0 == .domain(.exists) }
    }
}
