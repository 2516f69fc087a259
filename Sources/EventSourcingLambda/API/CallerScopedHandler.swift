import EventSourcing

/// A command with the caller who sent it, and whether it creates its stream.
public struct CallerCommand<Command: Sendable>: Sendable {
    /// Who sent it.
    public var caller: String
    /// What was asked.
    public var command: Command
    /// True for a route that creates the stream (the caller becomes its owner).
    public var creates: Bool

    /// A command `caller` sent; `creates` for one that may start a stream.
    public init(caller: String, command: Command, creates: Bool) {
        self.caller = caller
        self.command = command
        self.creates = creates
    }
}

/// Why a caller may not send a command to a stream, or the domain's own rejection.
public enum AccessFailure<Failure: Error & Codable & Sendable>: Error, Codable, Sendable {
    /// The domain refused the command.
    case domain(Failure)
    /// The stream does not exist, or belongs to someone else: the same answer, so that nothing is learnt.
    case notFound
    /// A creating command on a stream that exists and belongs to someone else.
    case alreadyExists
}

extension AccessFailure: Equatable where Failure: Equatable {}

/// A domain's handler, shown only the streams of their owner: ownership is checked in `authorize`, on the state
/// just loaded and before any expected version is compared, so that `If-Match` reveals nothing of a stream the
/// caller does not own.
public struct CallerScopedHandler<Base: CommandHandler>: CommandHandler where Base.State: OwnedAggregate {
    /// The domain's handler.
    public let base: Base

    /// Wraps `base`.
    public init(_ base: Base) {
        self.base = base
    }

    /// Refuses a creating command on another caller's stream as `alreadyExists`, any other command on a
    /// stream the caller does not own as `notFound`; then asks `base`, its refusal wrapped in `domain`.
    public func authorize(_ command: CallerCommand<Base.Command>, state: Base.State) throws(AccessFailure<Base.Failure>) {
        if command.creates {
            // Ids are one namespace: a taken id is already_exists for everyone, without a version.
            guard state.owner == nil || state.owner == command.caller else { throw .alreadyExists }
        } else {
            guard let owner = state.owner, owner == command.caller else { throw .notFound }
        }
        do {
            try base.authorize(command.command, state: state)
        } catch {
            throw .domain(error)
        }
    }

    /// `base`'s events for the command, its failure wrapped in `domain`.
    public func handle(
        _ command: CallerCommand<Base.Command>, state: Base.State, version: Int64
    ) throws(AccessFailure<Base.Failure>) -> [Base.State.Event] {
        do {
            return try base.handle(command.command, state: state, version: version)
        } catch {
            throw .domain(error)
        }
    }
}
