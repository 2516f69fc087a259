import EventSourcing

/// Given / When / Then for command handlers: given these past events, when this command, then these new events
/// (or this error). It runs the handler alone — no store — so domain rules read as specifications:
///
/// ```swift
/// try Scenario(AccountHandler())
///     .given(.opened(owner: "ann"), .deposited(100))
///     .when(.withdraw(150))
///     .thenFails { $0 == .insufficientFunds }
/// ```
public struct Scenario<Handler: CommandHandler>: Sendable {
    /// The handler under test.
    public let handler: Handler
    private var history: [Handler.State.Event] = []

    /// A scenario with no history.
    public init(_ handler: Handler) {
        self.handler = handler
    }

    /// The scenario with `events` appended to the history.
    public func given(_ events: Handler.State.Event...) -> Scenario {
        given(events)
    }

    /// The scenario with `events` appended to the history.
    public func given(_ events: [Handler.State.Event]) -> Scenario {
        var copy = self
        copy.history += events
        return copy
    }

    /// Runs `command` on the state the history folds to: `authorize`, then `handle`.
    public func when(_ command: Handler.Command) -> Outcome {
        let state = Handler.State().folding(history)
        do {
            try handler.authorize(command, state: state)
            return Outcome(command: "\(command)", result: .success(try handler.handle(command, state: state, version: Int64(history.count))))
        } catch {
            return Outcome(command: "\(command)", result: .failure(error))
        }
    }

    /// What the command did.
    public struct Outcome {
        /// The command, described.
        public let command: String
        /// The events it produced, or the error.
        public let result: Result<[Handler.State.Event], Handler.Failure>

        /// Passes when the command produced exactly `expected`.
        public func then(_ expected: Handler.State.Event...) throws(ScenarioFailure) where Handler.State.Event: Equatable {
            switch result {
            case .success(let events) where events == expected: return
            case .success(let events): throw ScenarioFailure("when \(command): expected events \(expected), got \(events)")
            case .failure(let error): throw ScenarioFailure("when \(command): expected events \(expected), got error \(error)")
            }
        }

        /// Passes when the command failed with an error `matches` accepts.
        public func thenFails(_ matches: (Handler.Failure) -> Bool) throws(ScenarioFailure) {
            switch result {
            case .success(let events): throw ScenarioFailure("when \(command): expected an error, got events \(events)")
            case .failure(let error) where matches(error): return
            case .failure(let error): throw ScenarioFailure("when \(command): got the wrong error \(error)")
            }
        }
    }
}

/// A scenario that did not go as specified; the message says what was expected and what happened.
public struct ScenarioFailure: Error, CustomStringConvertible {
    /// What was expected and what happened.
    public let description: String
    init(_ description: String) { self.description = description }
}
