#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcing

/// The read model of one account (`GET /accounts/{id}`): a pure function of the account's events.
///
/// `version` is the last event applied; `applying` accepts only the next one, so a projector can apply each event
/// exactly once and in order (a duplicate or a gap is refused, not folded).
public struct AccountSummary: Codable, Equatable, Sendable {
    public var id: AccountID
    public var owner: String
    public var balance: Int64
    public var status: Account.Status
    public var version: Int64
    public var openedAt: Date
    public var updatedAt: Date

    public init(id: AccountID, owner: String, balance: Int64, status: Account.Status, version: Int64, openedAt: Date, updatedAt: Date) {
        self.id = id
        self.owner = owner
        self.balance = balance
        self.status = status
        self.version = version
        self.openedAt = openedAt
        self.updatedAt = updatedAt
    }

    /// What a projector should do with an event, given what it has applied.
    public enum Step: Equatable, Sendable {
        case apply
        case duplicate
        case gap(missingFrom: Int64)
    }

    /// Whether `version` is the next event for a summary at `applied` (nil: nothing applied yet).
    public static func step(for version: Int64, after applied: Int64?) -> Step {
        let last = applied ?? 0
        if version <= last { return .duplicate }
        if version == last + 1 { return .apply }
        return .gap(missingFrom: last + 1)
    }

    /// The summary after `event`; nil when the event cannot start or continue this summary.
    public static func applying(_ event: AccountEvent, metadata: EventMetadata, to summary: AccountSummary?) -> AccountSummary? {
        guard let id = AccountID(streamID: metadata.streamID) else { return nil }
        guard var summary else {
            guard metadata.version == 1, case .opened(let opened) = event else { return nil }
            return AccountSummary(
                id: id, owner: opened.owner, balance: 0, status: .open, version: 1, openedAt: metadata.timestamp,
                updatedAt: metadata.timestamp)
        }
        guard summary.id == id, metadata.version == summary.version + 1 else { return nil }
        switch event {
        case .opened: return nil
        case .deposited(let deposited): summary.balance += deposited.amount
        case .withdrawn(let withdrawn): summary.balance -= withdrawn.amount
        case .closed: summary.status = .closed
        }
        summary.version = metadata.version
        summary.updatedAt = metadata.timestamp
        return summary
    }

    /// The summary of a whole history, oldest event first.
    public static func project(_ history: [(AccountEvent, EventMetadata)]) -> AccountSummary? {
        history.reduce(nil) { applying($1.0, metadata: $1.1, to: $0) }
    }
}
