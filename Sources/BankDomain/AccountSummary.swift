#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcing
import EventSourcingLambda

/// The read model of one account (`GET /accounts/{id}`).
public struct AccountSummary: Codable, Equatable, Sendable, OwnedDocument {
    /// The account's id.
    public var id: AccountID
    /// Who opened the account: the only caller who may read the summary.
    public var owner: String
    /// The balance in cents.
    public var balance: Int64
    /// Open or closed.
    public var status: Account.Status
    /// The last event applied.
    public var version: Int64
    /// When the account was opened (the `Opened` event's timestamp).
    public var openedAt: Date
    /// The timestamp of the last event applied.
    public var updatedAt: Date

    /// A summary with the given fields.
    public init(id: AccountID, owner: String, balance: Int64, status: Account.Status, version: Int64, openedAt: Date, updatedAt: Date) {
        self.id = id
        self.owner = owner
        self.balance = balance
        self.status = status
        self.version = version
        self.openedAt = openedAt
        self.updatedAt = updatedAt
    }
}

/// Folds an account's events into its summary: one document per account stream.
public struct AccountSummaryProjection: Projection {
    /// The read model's name, stored with each document.
    public static let name = "account-summary"
    /// One document per account stream, keyed by the account id; other streams are not projected.
    public let partition = Partition<AccountEvent>.byStream { AccountID(streamID: $0)?.rawValue }

    /// The projection.
    public init() {}

    /// `summary` after `event`: `Opened` starts it, the other events move its balance or status; an event out of
    /// order is an `AccountProjectionError`.
    public func apply(_ event: RecordedEvent<AccountEvent>, to summary: AccountSummary?) throws -> AccountSummary {
        guard var summary else {
            guard case .opened(let opened) = event.event, let id = AccountID(streamID: event.streamID) else {
                throw AccountProjectionError.notOpenedFirst(event.streamID)
            }
            return AccountSummary(
                id: id, owner: opened.owner, balance: 0, status: .open, version: event.version,
                openedAt: event.metadata.timestamp, updatedAt: event.metadata.timestamp)
        }
        switch event.event {
        case .opened: throw AccountProjectionError.openedTwice(event.streamID)
        case .deposited(let deposited): summary.balance += deposited.amount
        case .withdrawn(let withdrawn): summary.balance -= withdrawn.amount
        case .closed: summary.status = .closed
        }
        summary.version = event.version
        summary.updatedAt = event.metadata.timestamp
        return summary
    }
}

/// An account's events that no rule could have produced.
public enum AccountProjectionError: Error, CustomStringConvertible {
    case notOpenedFirst(String)
    case openedTwice(String)

    /// What is wrong with the stream, in a sentence.
    public var description: String {
        switch self {
        case .notOpenedFirst(let stream): "stream \(stream) does not start with Opened"
        case .openedTwice(let stream): "stream \(stream) is opened twice"
        }
    }
}
