import BankDomain
import EventSourcing

/// A command with the caller who sent it.
public struct OwnedCommand: Sendable {
    public var caller: String
    public var command: AccountCommand
}

/// The account rules, plus ownership: a caller sees only the accounts it opened, so another owner's account is
/// `notFound`, exactly like a missing one. Checked by `authorize`, on the state just loaded and before any expected
/// version is compared, so that `If-Match` cannot reveal a foreign account's existence or version.
public struct OwnedAccountHandler: CommandHandler {
    let rules = AccountHandler()

    public init() {}

    public func authorize(_ command: OwnedCommand, state: Account) throws(AccountError) {
        if case .open = command.command {
            // Ids are one namespace: a taken id is already_exists for everyone, before any version is compared, so
            // If-Match on another owner's account learns nothing more than that.
            guard state.status == .notOpened || state.owner == command.caller else { throw .alreadyExists }
            return
        }
        guard state.status != .notOpened, state.owner == command.caller else { throw .notFound }
    }

    public func handle(_ command: OwnedCommand, state: Account, version: Int64) throws(AccountError) -> [AccountEvent] {
        try rules.handle(command.command, state: state, version: version)
    }
}
