import EventSourcing

/// Where the read models live. Writes are conditional, so that concurrent or repeated projections of the same
/// events cannot double-apply them: `putSummary` succeeds only if the stored summary is still at
/// `expectedVersion` (nil: absent), `putOwnerAccounts` only if the owner's list is still at `expectedRevision`.
public protocol ReadModelStore: Sendable {
    func summary(_ id: AccountID) async throws(ReadModelError) -> AccountSummary?
    func putSummary(_ summary: AccountSummary, expectedVersion: Int64?) async throws(ReadModelError)
    /// The owner's list and its revision (0 when it does not exist yet).
    func ownerAccounts(_ owner: String) async throws(ReadModelError) -> (OwnerAccounts, revision: Int64)
    func putOwnerAccounts(_ list: OwnerAccounts, expectedRevision: Int64) async throws(ReadModelError)
}

public enum ReadModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Someone else wrote first: read again and re-apply.
    case conflict
    case unavailable(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .conflict: "the read model changed concurrently"
        case .unavailable(let message): "the read-model store is unavailable: \(message)"
        case .corrupt(let message): "a read-model item is corrupt: \(message)"
        }
    }
}
