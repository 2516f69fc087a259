import EventSourcing

/// An account's state, folded from its events.
public struct Account: OwnedAggregate, Equatable {
    /// Where the account is in its life.
    public enum Status: String, Codable, Sendable { case notOpened = "not_opened", open, closed }

    /// Who opened the account; nil until it is opened.
    public var owner: String?
    /// The balance in cents: deposits less withdrawals.
    public var balance: Int64 = 0
    /// Whether the account is not yet opened, open or closed.
    public var status = Status.notOpened

    /// An account not yet opened.
    public init() {}

    /// Folds `event` into the state: sets the owner and status, or moves the balance.
    public mutating func apply(_ event: AccountEvent) {
        switch event {
        case .opened(let opened):
            owner = opened.owner
            status = .open
        case .deposited(let deposited): balance += deposited.amount
        case .withdrawn(let withdrawn): balance -= withdrawn.amount
        case .closed: status = .closed
        }
    }
}

/// What a caller asks of an account.
public enum AccountCommand: Sendable, Equatable {
    case open(owner: String)
    case deposit(Amount)
    case withdraw(Amount)
    case close
}

/// The rules an account command can break.
public enum AccountError: Error, Equatable, Sendable, Codable {
    /// `open` on an account that exists.
    case alreadyExists
    /// A command on an account that was never opened.
    case notFound
    case insufficientFunds(balance: Int64, requested: Int64)
    case accountClosed
    case balanceNotZero(balance: Int64)
    /// A deposit that would take the balance beyond what can be represented.
    case balanceLimitExceeded
}

/// The account rules: positive amounts (by `Amount`), no overdraft, nothing on a closed account, close only at a
/// zero balance, open only once.
public struct AccountHandler: CommandHandler {
    /// The account rules.
    public init() {}

    /// The one event `command` produces on `state`, or the rule it breaks.
    public func handle(_ command: AccountCommand, state: Account, version: Int64) throws(AccountError) -> [AccountEvent] {
        if case .open(let owner) = command {
            guard state.status == .notOpened else { throw .alreadyExists }
            return [.opened(.init(owner: owner))]
        }
        switch state.status {
        case .notOpened: throw .notFound
        case .closed: throw .accountClosed
        case .open: break
        }
        switch command {
        case .open: throw .alreadyExists
        case .deposit(let amount):
            guard !state.balance.addingReportingOverflow(amount.cents).overflow else { throw .balanceLimitExceeded }
            return [.deposited(.init(amount: amount.cents))]
        case .withdraw(let amount):
            guard amount.cents <= state.balance else { throw .insufficientFunds(balance: state.balance, requested: amount.cents) }
            return [.withdrawn(.init(amount: amount.cents))]
        case .close:
            guard state.balance == 0 else { throw .balanceNotZero(balance: state.balance) }
            return [.closed(.init())]
        }
    }
}
