import EventSourcing
import EventSourcingDynamoDB
import EventSourcingLambda
import Foundation
import Testing
import TodoDomain

/// The moto server `scripts/test` starts (`MOTO_ENDPOINT`); without it these tests are skipped.
private let moto = ProcessInfo.processInfo.environment["MOTO_ENDPOINT"].flatMap(URL.init(string:))

@Suite("The to-do API on DynamoDB (moto)", .enabled(if: moto != nil, "needs MOTO_ENDPOINT: run scripts/test"))
struct TodoOnDynamoDBTests {
    @Test("the routes and the projector on tables made from EventSourcingTables' definitions (those template.yaml declares)")
    func onDynamoDB() async throws {
        let client = DynamoDBClient(configuration: DynamoDBConfiguration(
            region: "us-east-1", endpoint: try #require(moto), credentials: AWSCredentials(accessKeyID: "AKIATODO", secretAccessKey: "todo-secret")))
        let suffix = UUID().uuidString.prefix(8)
        try await EventSourcingTables.create(EventSourcingTables.events, named: "todo-events-\(suffix)", client: client)
        try await EventSourcingTables.create(EventSourcingTables.projections, named: "todo-projections-\(suffix)", client: client)
        let events = DynamoDBEventStore(client: client, table: "todo-events-\(suffix)")
        let readModels = DynamoDBReadModelStore(client: client, table: "todo-projections-\(suffix)")
        let handler = CommandAPIHandler(TodoAPI.routes, services: APIServices(
            handler: TodoHandler(), serializer: TodoEvent.serializer, eventStore: events, readModels: readModels, authMode: .none))
        func send(_ method: String, _ path: String, body: String = "") async -> HTTPResponse {
            await handler.respond(to: HTTPRequest(method: method, path: path, headers: ["X-Owner": "ann"], body: Array(body.utf8)))
        }
        #expect(await send("POST", "/lists/week", body: #"{"title": "This week"}"#).status == 201)
        #expect(await send("POST", "/lists/week/tasks", body: #"{"id": "call", "text": "Call the bank"}"#).status == 201)
        let stored = try await events.events(streamID: ListID("week")!.streamID, after: 0, upTo: nil, limit: nil)
        let projector = Projector(serializer: TodoEvent.serializer, eventStore: events, readModels: readModels, projections: TodoAPI.projections)
        #expect(await projector.project(stored.map(ProjectorRecord.event)).failure == nil)
        let view = await send("GET", "/lists/week")
        #expect(view.status == 200 && String(decoding: view.body, as: UTF8.self).contains("Call the bank"))
    }
}
