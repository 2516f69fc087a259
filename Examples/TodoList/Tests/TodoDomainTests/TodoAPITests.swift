import EventSourcing
import EventSourcingLambda
import Foundation
import Testing
import TodoDomain

/// The routes in-process on in-memory stores, the projector run after the commands.
private struct App {
    let events = InMemoryEventStore()
    let readModels = InMemoryReadModelStore()

    func send(_ method: String, _ path: String, as owner: String = "ann", body: String = "") async -> HTTPResponse {
        let handler = CommandAPIHandler(TodoAPI.routes, services: APIServices(
            handler: TodoHandler(), serializer: TodoEvent.serializer, eventStore: events, readModels: readModels, authMode: .none))
        return await handler.respond(to: HTTPRequest(method: method, path: path, headers: ["X-Owner": owner], body: Array(body.utf8)))
    }

    func project(_ lists: [String]) async throws {
        var records: [ProjectorRecord] = []
        for list in lists { records += try await events.events(streamID: ListID(list)!.streamID, after: 0, upTo: nil, limit: nil).map(ProjectorRecord.event) }
        let outcome = await Projector(serializer: TodoEvent.serializer, eventStore: events, readModels: readModels, projections: TodoAPI.projections).project(records)
        #expect(outcome.failure == nil)
    }
}

private func json(_ response: HTTPResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
}

@Suite("The to-do API, in-process")
struct TodoAPITests {
    @Test("a list is created, tasks added and completed; the views follow")
    func flow() async throws {
        let app = App()
        #expect(await app.send("POST", "/lists/groceries", body: #"{"title": "Groceries"}"#).status == 201)
        #expect(await app.send("POST", "/lists/groceries/tasks", body: #"{"id": "milk", "text": "2 l"}"#).status == 201)
        #expect(await app.send("POST", "/lists/groceries/tasks", body: #"{"id": "eggs", "text": "6"}"#).status == 201)
        let done = await app.send("POST", "/lists/groceries/tasks/milk/complete")
        #expect(done.status == 200 && done.headers["ETag"] == "\"4\"")
        try await app.project(["groceries"])
        let view = json(await app.send("GET", "/lists/groceries"))
        #expect(view["title"] as? String == "Groceries" && (view["tasks"] as? [[String: Any]])?.map { $0["done"] as? Bool } == [true, false])
        #expect((json(await app.send("GET", "/lists"))["openTasks"] as? [String: Int]) == ["groceries": 1])
    }

    @Test("another owner's list is not found; domain errors have their codes; unknown fields are refused")
    func errors() async throws {
        let app = App()
        _ = await app.send("POST", "/lists/mine", body: #"{"title": "Mine"}"#)
        #expect(await app.send("POST", "/lists/mine/tasks", as: "bob", body: #"{"id": "x", "text": "y"}"#).status == 404)
        #expect(await app.send("POST", "/lists/mine", as: "bob", body: #"{"title": "Theirs"}"#).status == 409)
        #expect(await app.send("POST", "/lists/mine/tasks/nope/complete").status == 404)
        #expect(await app.send("POST", "/lists/mine/tasks", body: #"{"id": "x", "text": "y", "due": "today"}"#).status == 400)
        #expect(await app.send("POST", "/lists/Not_An_Id", body: #"{"title": "x"}"#).status == 400)
    }
}
