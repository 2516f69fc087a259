import BankDomain
import EventSourcingJSON
import Foundation

extension AccountsService {
    /// `GET /accounts/{id}[?minVersion=N]`: the account summary; with `minVersion`, waits (bounded) for the
    /// projection to reach it, and says `X-Projection-Stale: true` if it has not.
    ///
    /// Another owner's account is treated exactly as a missing one, waiting included: how long a 404 takes tells
    /// nothing about whether the account exists.
    func account(_ request: HTTPRequest, _ parameters: [String: String]) async throws(APIError) -> HTTPResponse {
        let caller = try authMode.caller(of: request)
        let id = try RequestRules.accountID(parameters["id"])
        let wanted = try RequestRules.integerQuery(request, "minVersion")
        let clock = ContinuousClock()
        let end = clock.now + projectionWait
        var summary = try await readSummary(id, visibleTo: caller)
        while let wanted, (summary?.version ?? 0) < wanted, clock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
            summary = try await readSummary(id, visibleTo: caller)
        }
        guard let summary else { throw .notFound }
        var headers = ["ETag": "\"\(summary.version)\""]
        if let wanted, summary.version < wanted { headers["X-Projection-Stale"] = "true" }
        var body = JSONWriter()
        body.beginObject()
        body.key("id"); body.string(summary.id.rawValue)
        body.key("owner"); body.string(summary.owner)
        body.key("balance"); body.number(summary.balance)
        body.key("status"); body.string(summary.status.rawValue)
        body.key("version"); body.number(summary.version)
        body.key("openedAt"); body.string(Self.iso8601(summary.openedAt))
        body.key("updatedAt"); body.string(Self.iso8601(summary.updatedAt))
        body.endObject()
        return .json(200, body.bytes, headers: headers)
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
        var body = JSONWriter()
        body.beginObject()
        body.key("owner"); body.string(caller)
        body.key("accounts"); body.beginArray()
        for account in list.sortedAccounts {
            body.beginObject()
            body.key("id"); body.string(account.id)
            body.key("balance"); body.number(account.entry.balance)
            body.key("status"); body.string(account.entry.status.rawValue)
            body.key("version"); body.number(account.entry.version)
            body.endObject()
        }
        body.endArray()
        body.key("totalBalance"); body.number(list.totalBalance)
        body.endObject()
        return .json(200, body.bytes)
    }

    /// The summary, or nil when it is missing or belongs to someone else.
    private func readSummary(_ id: AccountID, visibleTo caller: String) async throws(APIError) -> AccountSummary? {
        do {
            guard let summary = try await readModels.summary(id), summary.owner == caller else { return nil }
            return summary
        } catch {
            throw Self.apiError(error)
        }
    }

    static func apiError(_ error: ReadModelError) -> APIError {
        if case .unavailable = error { return APIError.unavailable().causedBy(error.description) }
        return APIError.internalError.causedBy(error.description)
    }
}
