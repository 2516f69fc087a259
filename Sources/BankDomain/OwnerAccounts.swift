import EventSourcing

/// The owner's accounts, each with its balance, status and version (`GET /accounts`).
public struct OwnerAccounts: Codable, Equatable, Sendable {
    /// One account of the list.
    public struct Entry: Codable, Equatable, Sendable {
        /// The account's balance in cents.
        public var balance: Int64
        /// Open or closed.
        public var status: Account.Status
        /// The version of the account's last event applied.
        public var version: Int64

        /// An entry with the given fields.
        public init(balance: Int64, status: Account.Status, version: Int64) {
            self.balance = balance
            self.status = status
            self.version = version
        }
    }

    /// The owner whose accounts these are.
    public var owner: String
    /// By account id.
    public var accounts: [String: Entry]

    /// The list of `owner`, with `accounts` (none by default).
    public init(owner: String, accounts: [String: Entry] = [:]) {
        self.owner = owner
        self.accounts = accounts
    }

    /// The sum of the balances of every account.
    public var totalBalance: Int64 { accounts.values.reduce(0) { $0 + $1.balance } }
}

/// Folds every account of an owner into one list: the document is keyed by the owner, read from each account's
/// first event (`Opened`).
public struct OwnerAccountsProjection: Projection {
    /// The read model's name, stored with each document.
    public static let name = "owner-accounts"
    /// One document per owner, read from each account stream's `Opened` event.
    public let partition = Partition<AccountEvent>.byFirstEvent { first in
        if case .opened(let opened) = first.event { opened.owner } else { nil }
    }

    /// The projection.
    public init() {}

    /// `list` after `event`: `Opened` adds the account at a zero balance, the other events update its entry; an event
    /// of an account not on the list is an `AccountProjectionError`.
    public func apply(_ event: RecordedEvent<AccountEvent>, to list: OwnerAccounts?) throws -> OwnerAccounts {
        guard let id = AccountID(streamID: event.streamID) else { throw AccountProjectionError.notOpenedFirst(event.streamID) }
        if case .opened(let opened) = event.event {
            var list = list ?? OwnerAccounts(owner: opened.owner)
            list.accounts[id.rawValue] = OwnerAccounts.Entry(balance: 0, status: .open, version: event.version)
            return list
        }
        guard var list, var entry = list.accounts[id.rawValue] else { throw AccountProjectionError.notOpenedFirst(event.streamID) }
        switch event.event {
        case .opened: break
        case .deposited(let deposited): entry.balance += deposited.amount
        case .withdrawn(let withdrawn): entry.balance -= withdrawn.amount
        case .closed: entry.status = .closed
        }
        entry.version = event.version
        list.accounts[id.rawValue] = entry
        return list
    }
}

/// How `GET /accounts` shows an owner's list: accounts sorted by id, with the total balance.
public struct OwnerAccountsView: Encodable, Sendable {
    /// One account as listed.
    public struct Account: Encodable, Sendable {
        /// The account's id.
        public var id: String
        /// The account's balance in cents.
        public var balance: Int64
        /// Open or closed.
        public var status: EventSourcingBankDomain.Account.Status
        /// The version of the account's last event applied.
        public var version: Int64
    }

    /// The owner whose accounts these are.
    public var owner: String
    /// The accounts, sorted by id.
    public var accounts: [Account]
    /// The sum of the accounts' balances, in cents.
    public var totalBalance: Int64

    /// The view of `list` (nil: the owner has no account yet) for `owner`.
    public init(_ list: OwnerAccounts?, owner: String) {
        self.owner = owner
        let entries = list?.accounts ?? [:]
        accounts = entries.keys.sorted().map { id in
            let entry = entries[id]!
            return Account(id: id, balance: entry.balance, status: entry.status, version: entry.version)
        }
        totalBalance = list?.totalBalance ?? 0
    }
}
