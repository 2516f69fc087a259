import EventSourcing
import EventSourcingBankDomain
import EventSourcingLambda
import Foundation
import Testing

/// Drives the bank's routes in-process on in-memory stores, as an HTTP client would.
private struct Client {
    let events = InMemoryEventStore()
    let readModels = InMemoryReadModelStore()
    var handler: CommandAPIHandler<AccountHandler, AccountID> {
        CommandAPIHandler(BankAPI.routes, services: APIServices(
            handler: AccountHandler(), serializer: AccountEvent.serializer, eventStore: events, readModels: readModels, snapshotInterval: 3, authMode: .none))
    }

    func send(_ method: String, _ path: String, as owner: String? = "ann", body: String = "", headers: [String: String] = [:], query: [String: String] = [:]) async -> HTTPResponse {
        var all = headers
        if let owner { all["X-Owner"] = owner }
        return await handler.respond(to: HTTPRequest(method: method, path: path, headers: all, query: query, body: Array(body.utf8), requestID: "req"))
    }
}

private extension HTTPResponse {
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}

@Suite("The bank's command routes and events route")
struct CommandRoutesTests {
    @Test("open, deposit, withdraw and close answer with the version, the events and an ETag")
    func happyPath() async throws {
        let client = Client()
        let opened = await client.send("POST", "/accounts/acc-1/open", body: "{}")
        #expect(opened.status == 201 && opened.headers["ETag"] == "\"1\"")
        #expect(opened.object["id"] as? String == "acc-1" && opened.object["version"] as? Int == 1 && opened.object["events"] as? [String] == ["Opened"])
        #expect(await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": 100}"#).headers["ETag"] == "\"2\"")
        let withdrawn = await client.send("POST", "/accounts/acc-1/withdraw", body: #"{"amount": 100}"#)
        #expect(withdrawn.status == 200 && withdrawn.object["events"] as? [String] == ["Withdrawn"])
        #expect(await client.send("POST", "/accounts/acc-1/close").status == 200)
    }

    @Test("domain errors answer with product.md's status and code", arguments: [
        ("POST", "/accounts/acc-1/open", "{}", 409, "already_exists"),
        ("POST", "/accounts/acc-1/withdraw", #"{"amount": 101}"#, 422, "insufficient_funds"),
        ("POST", "/accounts/acc-1/close", "", 422, "balance_not_zero"),
        ("POST", "/accounts/nope/deposit", #"{"amount": 1}"#, 404, "not_found"),
        ("POST", "/accounts/acc-1/deposit", #"{"amount": 1.5}"#, 400, "invalid_request"),
        ("POST", "/accounts/acc-1/deposit", #"{"amount": "#, 400, "invalid_json"),
        ("POST", "/accounts/bad%20id/deposit", #"{"amount": 1}"#, 400, "invalid_request"),
        ("GET", "/accounts/acc-1/deposit", "", 405, "method_not_allowed"),
        ("POST", "/nowhere", "", 404, "not_found"),
    ])
    func errors(method: String, path: String, body: String, status: Int, code: String) async {
        let client = Client()
        _ = await client.send("POST", "/accounts/acc-1/open")
        _ = await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": 100}"#)
        let response = await client.send(method, path, body: body)
        #expect(response.status == status && response.errorCode == code, "\(String(decoding: response.body, as: UTF8.self))")
    }

    @Test("a closed account is account_closed; another owner's account is not_found; no caller is unauthenticated")
    func closedForeignAnonymous() async {
        let client = Client()
        _ = await client.send("POST", "/accounts/acc-1/open")
        #expect(await client.send("POST", "/accounts/acc-1/deposit", as: "bob", body: #"{"amount": 1}"#).errorCode == "not_found")
        #expect(await client.send("GET", "/accounts/acc-1/events", as: "bob").errorCode == "not_found")
        #expect(await client.send("POST", "/accounts/acc-1/deposit", as: nil, body: #"{"amount": 1}"#).status == 401)
        _ = await client.send("POST", "/accounts/acc-1/close")
        #expect(await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": 1}"#).errorCode == "account_closed")
    }

    @Test("If-Match runs a command only at that version (412 otherwise, with the current ETag)")
    func ifMatch() async {
        let client = Client()
        _ = await client.send("POST", "/accounts/acc-1/open")
        let stale = await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": 5}"#, headers: ["If-Match": "\"0\""])
        #expect(stale.status == 412 && stale.errorCode == "version_mismatch" && stale.headers["ETag"] == "\"1\"")
        #expect(await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": 5}"#, headers: ["If-Match": "\"1\""]).status == 200)
    }

    @Test("an Idempotency-Key repeat replays the first answer; the same key with another body is 409")
    func idempotency() async {
        let client = Client()
        _ = await client.send("POST", "/accounts/acc-1/open")
        let key = ["Idempotency-Key": "pay-1"]
        let first = await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": 5}"#, headers: key)
        let again = await client.send("POST", "/accounts/acc-1/deposit", body: #"{ "amount" : 5 }"#, headers: key)
        #expect(first.status == 200 && again.status == 200 && again.body == first.body)
        #expect(again.headers["Idempotent-Replayed"] == "true" && first.headers["Idempotent-Replayed"] == nil)
        #expect(await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": 6}"#, headers: key).errorCode == "idempotency_key_reused")
        // Keys are the caller's own: another caller's identical key is a different key.
        #expect(await client.send("POST", "/accounts/acc-1/deposit", as: "bob", body: #"{"amount": 5}"#, headers: key).errorCode == "not_found")
        let events = await client.send("GET", "/accounts/acc-1/events")
        #expect((events.object["events"] as? [Any])?.count == 2)
    }

    @Test("the events route pages oldest first with after, limit and next")
    func eventsRoute() async throws {
        let client = Client()
        _ = await client.send("POST", "/accounts/acc-1/open")
        for amount in 1...4 { _ = await client.send("POST", "/accounts/acc-1/deposit", body: #"{"amount": \#(amount)}"#) }
        let first = await client.send("GET", "/accounts/acc-1/events", query: ["limit": "2"])
        let events = try #require(first.object["events"] as? [[String: Any]])
        #expect(events.map { $0["version"] as? Int } == [1, 2] && events.map { $0["type"] as? String } == ["Opened", "Deposited"])
        #expect((events[1]["data"] as? [String: Int]) == ["amount": 1] && (events[0]["timestamp"] as? String)?.hasSuffix("Z") == true)
        #expect(first.object["next"] as? Int == 2)
        let last = await client.send("GET", "/accounts/acc-1/events", query: ["after": "2", "limit": "5"])
        #expect((last.object["events"] as? [[String: Any]])?.map { $0["version"] as? Int } == [3, 4, 5])
        #expect(last.object["next"] is NSNull)
        #expect(await client.send("GET", "/accounts/acc-1/events", query: ["after": "-1"]).errorCode == "invalid_request")
    }
}
