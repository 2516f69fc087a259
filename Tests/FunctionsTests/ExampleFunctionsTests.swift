import EventSourcingDynamoDBClient
import EventSourcingLambda
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

/// The second example's built functions (`Examples/TodoList`): `scripts/test` builds that package and names its
/// products folder in `TODO_EXAMPLE_PRODUCTS`.
enum TodoExample {
    static var products: URL? {
        ProcessInfo.processInfo.environment["TODO_EXAMPLE_PRODUCTS"].map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    static var available: Bool { products != nil && Moto.endpoint != nil && Moto.templateSettings != nil }
}

@Suite(
    "The to-do example's functions end to end: built bootstraps under a local Runtime API, DynamoDB on moto",
    .enabled(if: TodoExample.available, "needs TODO_EXAMPLE_PRODUCTS and moto: run scripts/test, which builds Examples/TodoList")
)
struct ExampleFunctionsTests {
    @Test("lists and tasks through TodoCommandFunction, the stream through TodoStreamProjector, the views back")
    func todoList() async throws {
        let deployment = try await Deployment()
        let products = try #require(TodoExample.products)
        let api = try RuntimeAPIServer(.init(functionName: "TodoCommandFunction"))
        let command = try ChildFunction(executable: products.appendingPathComponent("TodoCommandFunction"), environment: deployment.environment(api))
        defer { command.terminate() }
        func send(_ method: String, _ path: String, sub: String = "ann", body: String? = nil) async throws -> APIGatewayV2Response {
            try response(await api.invoke(Deployment.httpAPI(method, path, sub: sub, body: body)))
        }
        #expect(try await send("POST", "/lists/groceries", body: #"{"title": "Groceries"}"#).statusCode == 201)
        #expect(try await send("POST", "/lists/groceries/tasks", body: #"{"id": "milk", "text": "2 l"}"#).statusCode == 201)
        #expect(try await send("POST", "/lists/groceries/tasks", body: #"{"id": "eggs", "text": "6"}"#).statusCode == 201)
        let completed = try await send("POST", "/lists/groceries/tasks/milk/complete")
        #expect(completed.statusCode == 200 && completed.headers?["ETag"] == "\"4\"")
        #expect(try await send("POST", "/lists/groceries/tasks/milk/complete").statusCode == 422)
        #expect(try await send("POST", "/lists/groceries/tasks", sub: "bob", body: #"{"id": "x", "text": "y"}"#).statusCode == 404)

        let projectorAPI = try RuntimeAPIServer(.init(functionName: "TodoStreamProjector"))
        let projector = try ChildFunction(executable: products.appendingPathComponent("TodoStreamProjector"), environment: deployment.environment(projectorAPI))
        defer { projector.terminate() }
        let batch = try await deployment.streamEvent()
        for _ in 1...2 {  // delivered twice: the second time is a no-op
            let result = await projectorAPI.invoke(batch)
            let answer = try JSONDecoder().decode(DynamoDBBatchResponse.self, from: Data(try #require(result.responseBody, "\(result)")))
            #expect(answer.batchItemFailures.isEmpty)
        }

        let view = try await send("GET", "/lists/groceries")
        #expect(view.statusCode == 200 && view.headers?["ETag"] == "\"4\"")
        #expect((object(view)["tasks"] as? [[String: Any]])?.map { $0["done"] as? Bool } == [true, false])
        let dashboard = try await send("GET", "/lists")
        #expect((object(dashboard)["openTasks"] as? [String: Int]) == ["groceries": 1])
        #expect(try await send("GET", "/lists/groceries", sub: "bob").statusCode == 404)
    }
}
