import EventSourcing

/// The owner's accounts with their total balance (`GET /accounts`): a pure function of the owner's accounts' events.
///
/// It keeps, per account, the version applied, so that a projector applies each account's events exactly once and
/// in order even though they arrive from many streams.
public struct OwnerAccounts: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var balance: Int64
        public var status: Account.Status
        public var version: Int64

        public init(balance: Int64, status: Account.Status, version: Int64) {
            self.balance = balance
            self.status = status
            self.version = version
        }
    }

    public var owner: String
    public var accounts: [String: Entry]

    public init(owner: String, accounts: [String: Entry] = [:]) {
        self.owner = owner
        self.accounts = accounts
    }

    /// The sum of the balances of every account.
    public var totalBalance: Int64 { accounts.values.reduce(0) { $0 + $1.balance } }

    /// The accounts sorted by id, as the API lists them.
    public var sortedAccounts: [(id: String, entry: Entry)] {
        accounts.keys.sorted().map { ($0, accounts[$0]!) }
    }

    /// This read model after `event`; nil when it is not the next event of one of the owner's accounts.
    public func applying(_ event: AccountEvent, metadata: EventMetadata) -> OwnerAccounts? {
        guard let id = AccountID(streamID: metadata.streamID) else { return nil }
        var copy = self
        guard let entry = accounts[id.rawValue] else {
            guard metadata.version == 1, case .opened(let opened) = event, opened.owner == owner else { return nil }
            copy.accounts[id.rawValue] = Entry(balance: 0, status: .open, version: 1)
            return copy
        }
        guard metadata.version == entry.version + 1 else { return nil }
        var updated = entry
        switch event {
        case .opened: return nil
        case .deposited(let deposited): updated.balance += deposited.amount
        case .withdrawn(let withdrawn): updated.balance -= withdrawn.amount
        case .closed: updated.status = .closed
        }
        updated.version = metadata.version
        copy.accounts[id.rawValue] = updated
        return copy
    }
}
