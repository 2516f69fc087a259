import Synchronization

/// Read models in memory, with the same conditional writes as `DynamoDBReadModelStore`.
public final class InMemoryReadModelStore: ReadModelStore {
    private struct State: Sendable {
        var summaries: [AccountID: AccountSummary] = [:]
        var owners: [String: (OwnerAccounts, Int64)] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func summary(_ id: AccountID) async throws(ReadModelError) -> AccountSummary? {
        state.withLock { $0.summaries[id] }
    }

    public func putSummary(_ summary: AccountSummary, expectedVersion: Int64?) async throws(ReadModelError) {
        try state.withLock { (state: inout State) throws(ReadModelError) in
            guard state.summaries[summary.id]?.version == expectedVersion else { throw .conflict }
            state.summaries[summary.id] = summary
        }
    }

    public func ownerAccounts(_ owner: String) async throws(ReadModelError) -> (OwnerAccounts, revision: Int64) {
        state.withLock { $0.owners[owner] } ?? (OwnerAccounts(owner: owner), 0)
    }

    public func putOwnerAccounts(_ list: OwnerAccounts, expectedRevision: Int64) async throws(ReadModelError) {
        try state.withLock { (state: inout State) throws(ReadModelError) in
            guard (state.owners[list.owner]?.1 ?? 0) == expectedRevision else { throw .conflict }
            state.owners[list.owner] = (list, expectedRevision + 1)
        }
    }
}
