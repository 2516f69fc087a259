import BankDomain
import Foundation

extension AccountsService {
    /// `GET /accounts/{id}[?minVersion=N]`: the account summary; with `minVersion`, waits (bounded) for the
    /// projection to reach it, and says `X-Projection-Stale: true` if it has not.
    func account(_ request: HTTPRequest, _ parameters: [String: String]) async throws(APIError) -> HTTPResponse {
        let caller = try authMode.caller(of: request)
        let id = try RequestRules.accountID(parameters["id"])
        let wanted = try RequestRules.integerQuery(request, "minVersion")
        let clock = ContinuousClock()
        let end = clock.now + projectionWait
        var summary = try await readSummary(id)
        while let wanted, (summary?.version ?? 0) < wanted, clock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
            summary = try await readSummary(id)
        }
        guard let summary, summary.owner == caller else { throw .notFound }
        var headers = ["ETag": "\"\(summary.version)\""]
        if let wanted, summary.version < wanted { headers["X-Projection-Stale"] = "true" }
        let body = #"{"id":"\#(summary.id.rawValue)","owner":"\#(JSONString.escape(summary.owner))","balance":\#(summary.balance),"status":"\#(summary.status.rawValue)","version":\#(summary.version),"openedAt":"\#(Self.iso8601(summary.openedAt))","updatedAt":"\#(Self.iso8601(summary.updatedAt))"}"#
        return .json(200, Array(body.utf8), headers: headers)
    }

    /// `GET /accounts`: the caller's accounts, sorted by id, and their total balance.
    func accounts(_ request: HTTPRequest) async throws(APIError) -> HTTPResponse {
        let caller = try authMode.caller(of: request)
        let list: OwnerAccounts
        do {
            list = try await readModels.ownerAccounts(caller).0
        } catch {
            throw Self.apiError(error)
        }
        let entries = list.sortedAccounts.map { account in
            #"{"id":"\#(account.id)","balance":\#(account.entry.balance),"status":"\#(account.entry.status.rawValue)","version":\#(account.entry.version)}"#
        }
        let body = #"{"owner":"\#(JSONString.escape(caller))","accounts":[\#(entries.joined(separator: ","))],"totalBalance":\#(list.totalBalance)}"#
        return .json(200, Array(body.utf8))
    }

    private func readSummary(_ id: AccountID) async throws(APIError) -> AccountSummary? {
        do {
            return try await readModels.summary(id)
        } catch {
            throw Self.apiError(error)
        }
    }

    static func apiError(_ error: ReadModelError) -> APIError {
        if case .unavailable = error { return .unavailable() }
        return .internalError
    }
}
