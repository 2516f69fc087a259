import EventSourcing
import EventSourcingBankDomain
import EventSourcingLambda
import Foundation
import Testing

/// Commands through the routes, then the projector over the events those appends would have streamed.
private struct Deployment {
    let events = InMemoryEventStore()
    let readModels = InMemoryReadModelStore()
    var handler: CommandAPIHandler<AccountHandler, AccountID> {
        CommandAPIHandler(BankAPI.routes, services: APIServices(
            handler: AccountHandler(), serializer: AccountEvent.serializer, eventStore: events, readModels: readModels,
            snapshotInterval: 0, authMode: .none, projectionWait: .milliseconds(600)))
    }

    func send(_ method: String, _ path: String, as owner: String = "ann", body: String = "", query: [String: String] = [:]) async -> HTTPResponse {
        await handler.respond(to: HTTPRequest(method: method, path: path, headers: ["X-Owner": owner], query: query, body: Array(body.utf8)))
    }

    /// Projects every event of `ids` (as the stream would deliver them) with `projections`.
    func project(_ ids: [String], _ projections: [any Projection<AccountEvent>] = BankAPI.projections) async throws {
        var records: [ProjectorRecord] = []
        for id in ids {
            records += try await events.events(streamID: AccountID(id)!.streamID, after: 0, upTo: nil, limit: nil).map(ProjectorRecord.event)
        }
        let projector = Projector(serializer: AccountEvent.serializer, eventStore: events, readModels: readModels, projections: projections)
        let outcome = await projector.project(records)
        #expect(outcome.failure == nil)
    }
}

private extension HTTPResponse {
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
}

@Suite("The bank's read routes")
struct ReadRoutesTests {
    @Test("GET /accounts/{id} answers the projected summary with its ETag; another owner gets 404")
    func summary() async throws {
        let deployment = Deployment()
        _ = await deployment.send("POST", "/accounts/a/open")
        _ = await deployment.send("POST", "/accounts/a/deposit", body: #"{"amount": 250}"#)
        try await deployment.project(["a"])
        let response = await deployment.send("GET", "/accounts/a")
        #expect(response.status == 200 && response.headers["ETag"] == "\"2\"" && response.headers["X-Projection-Stale"] == nil)
        let object = response.object
        #expect(object["id"] as? String == "a" && object["owner"] as? String == "ann" && object["balance"] as? Int == 250)
        #expect(object["status"] as? String == "open" && object["version"] as? Int == 2)
        #expect((object["openedAt"] as? String)?.hasSuffix("Z") == true && object["updatedAt"] is String)
        #expect(await deployment.send("GET", "/accounts/a", as: "bob").status == 404)
        #expect(await deployment.send("GET", "/accounts/unknown").status == 404)
    }

    @Test("?minVersion waits for the projector, and says X-Projection-Stale when it does not catch up in time")
    func minVersion() async throws {
        let deployment = Deployment()
        _ = await deployment.send("POST", "/accounts/a/open")
        try await deployment.project(["a"])
        _ = await deployment.send("POST", "/accounts/a/deposit", body: #"{"amount": 5}"#)
        let stale = await deployment.send("GET", "/accounts/a", query: ["minVersion": "2"])
        #expect(stale.status == 200 && stale.headers["X-Projection-Stale"] == "true" && stale.object["version"] as? Int == 1)
        async let fresh = deployment.send("GET", "/accounts/a", query: ["minVersion": "2"])
        try await Task.sleep(for: .milliseconds(100))
        try await deployment.project(["a"])
        let caughtUp = await fresh
        #expect(caughtUp.headers["X-Projection-Stale"] == nil && caughtUp.object["version"] as? Int == 2 && caughtUp.object["balance"] as? Int == 5)
    }

    @Test("GET /accounts lists the caller's accounts by id with the total balance; none is an empty list and 0")
    func ownerList() async throws {
        let deployment = Deployment()
        for id in ["b", "a"] { _ = await deployment.send("POST", "/accounts/\(id)/open") }
        _ = await deployment.send("POST", "/accounts/a/deposit", body: #"{"amount": 100}"#)
        _ = await deployment.send("POST", "/accounts/b/deposit", body: #"{"amount": 7}"#)
        _ = await deployment.send("POST", "/accounts/c/open", as: "bob")
        try await deployment.project(["a", "b", "c"])
        let list = await deployment.send("GET", "/accounts")
        #expect(list.object["owner"] as? String == "ann" && list.object["totalBalance"] as? Int == 107)
        let accounts = try #require(list.object["accounts"] as? [[String: Any]])
        #expect(accounts.map { $0["id"] as? String } == ["a", "b"] && accounts.map { $0["balance"] as? Int } == [100, 7])
        let empty = await deployment.send("GET", "/accounts", as: "carol")
        #expect((empty.object["accounts"] as? [Any])?.isEmpty == true && empty.object["totalBalance"] as? Int == 0)
    }

    @Test("after a rebuild and a switch, GET /accounts reads the rebuilt generation; a switch back reads the old one again")
    func generations() async throws {
        /// The owner's list as a buggy release folded it: every deposit counted twice.
        struct DoubleDeposits: Projection {
            static let name = OwnerAccountsProjection.name
            let partition = OwnerAccountsProjection().partition
            func apply(_ event: RecordedEvent<AccountEvent>, to list: OwnerAccounts?) throws -> OwnerAccounts {
                let once = try OwnerAccountsProjection().apply(event, to: list)
                guard case .deposited = event.event else { return once }
                return try OwnerAccountsProjection().apply(event, to: once)
            }
        }
        let deployment = Deployment()
        _ = await deployment.send("POST", "/accounts/a/open")
        _ = await deployment.send("POST", "/accounts/a/deposit", body: #"{"amount": 40}"#)
        try await deployment.project(["a"], [DoubleDeposits()])
        let buggy = await deployment.send("GET", "/accounts").object["totalBalance"] as? Int
        let generations = ReadModelGenerations(store: deployment.readModels, maximumStaleness: .zero)
        var rebuild = ReadModelRebuild(projection: OwnerAccountsProjection(), serializer: AccountEvent.serializer, eventStore: deployment.events, generations: generations)
        rebuild.settle = .zero
        let done = try await rebuild.run()
        try await generations.switchTo(done.target, of: OwnerAccountsProjection.name)
        let fixed = await deployment.send("GET", "/accounts").object["totalBalance"] as? Int
        #expect(buggy == 80 && fixed == 40)
        try await generations.switchTo(1, of: OwnerAccountsProjection.name)
        #expect(await deployment.send("GET", "/accounts").object["totalBalance"] as? Int == buggy)
    }
}
