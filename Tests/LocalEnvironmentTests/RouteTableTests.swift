import EventSourcingLocalEnvironment
import Testing

@Suite("Routes are matched as API Gateway matches them")
struct RouteTableTests {
    let table = RouteTable([
        .init(method: "GET", path: "/accounts", function: "F"),
        .init(method: "GET", path: "/accounts/{id}", function: "F"),
        .init(method: "GET", path: "/accounts/mine", function: "Mine"),
        .init(method: "POST", path: "/accounts/{id}/open", function: "F"),
        .init(method: "ANY", path: "/files/{path+}", function: "Files"),
    ])

    @Test("a literal segment beats a parameter, whatever the order of the routes")
    func literalFirst() {
        #expect(table.match(method: "GET", path: "/accounts/mine")?.route.function == "Mine")
        #expect(table.match(method: "GET", path: "/accounts/other")?.pathParameters == ["id": "other"])
    }

    @Test("the method must match, unless the route says ANY")
    func methods() {
        #expect(table.match(method: "POST", path: "/accounts") == nil)
        #expect(table.match(method: "post", path: "/accounts/a/open")?.routeKey == "POST /accounts/{id}/open")
        #expect(table.match(method: "DELETE", path: "/files/a")?.route.function == "Files")
    }

    @Test("a greedy parameter takes the rest of the path; an ordinary one exactly one non-empty segment")
    func parameters() {
        #expect(table.match(method: "GET", path: "/files/a/b%2Fc/d")?.pathParameters == ["path": "a/b/c/d"])
        #expect(table.match(method: "GET", path: "/files/") == nil)
        #expect(table.match(method: "GET", path: "/accounts/") == nil)
        #expect(table.match(method: "GET", path: "/accounts/a/b") == nil)
        #expect(table.match(method: "GET", path: "/accounts/caf%C3%A9")?.pathParameters == ["id": "café"])
    }

    @Test("paths must match exactly: no prefix, no trailing slash")
    func exact() {
        #expect(table.match(method: "GET", path: "/accounts/") == nil)
        #expect(table.match(method: "GET", path: "/accountsx") == nil)
        #expect(table.match(method: "GET", path: "/") == nil)
    }
}
