import BankDomain
import EventSourcing

/// A command with the caller who sent it.
public struct OwnedCommand: Sendable {
    public var caller: String
    public var command: AccountCommand
}

/// The account rules, plus ownership: a caller sees only the accounts it opened, so another owner's account is
/// `notFound`, exactly like a missing one. Checked in the decision itself, on the state just loaded.
public struct OwnedAccountHandler: CommandHandler {
    let rules = AccountHandler()

    public init() {}

    public func handle(_ command: OwnedCommand, state: Account, version: Int64) throws(AccountError) -> [AccountEvent] {
        if case .open = command.command {
            return try rules.handle(command.command, state: state, version: version)
        }
        guard state.status != .notOpened, state.owner == command.caller else { throw .notFound }
        return try rules.handle(command.command, state: state, version: version)
    }
}
