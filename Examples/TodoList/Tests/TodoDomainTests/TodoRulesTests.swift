import EventSourcing
import EventSourcingTesting
import Testing
import TodoDomain

private let list = Scenario(TodoHandler()).given(TodoEvent.created(.init(owner: "ann", title: "Groceries")))

@Suite("To-do rules, as Given / When / Then")
struct TodoRulesTests {
    @Test("tasks are added once, completed once, reopened once")
    func tasks() throws {
        try list.when(.add(task: "milk", text: "2 l")).then(.added(.init(task: "milk", text: "2 l")))
        try list.given(.added(.init(task: "milk", text: "2 l"))).when(.add(task: "milk", text: "again")).thenFails { $0 == .taskExists("milk") }
        let added = list.given(.added(.init(task: "milk", text: "2 l")))
        try added.when(.complete(task: "milk")).then(.completed(.init(task: "milk")))
        try added.when(.reopen(task: "milk")).thenFails { $0 == .notDone("milk") }
        try added.given(.completed(.init(task: "milk"))).when(.complete(task: "milk")).thenFails { $0 == .alreadyDone("milk") }
        try added.given(.completed(.init(task: "milk"))).when(.reopen(task: "milk")).then(.reopened(.init(task: "milk")))
        try added.given(.completed(.init(task: "milk")), .reopened(.init(task: "milk"))).when(.reopen(task: "milk")).thenFails { $0 == .notDone("milk") }
        try list.when(.complete(task: "bread")).thenFails { $0 == .noSuchTask("bread") }
    }

    @Test("an archived list takes nothing more; a list is created once")
    func archived() throws {
        try list.given(.archived(.init())).when(.add(task: "x", text: "y")).thenFails { $0 == .archived }
        try list.when(.create(owner: "ann", title: "again")).thenFails { $0 == .exists }
    }
}

@Suite("To-do read models")
struct TodoReadModelTests {
    @Test("the list view keeps tasks in order with their state")
    func listView() throws {
        try ProjectionScenario(ListViewProjection(), stream: "todo#g")
            .given(.created(.init(owner: "ann", title: "G")), .added(.init(task: "a", text: "A")), .added(.init(task: "b", text: "B")), .completed(.init(task: "a")))
            .then { $0?.tasks.map(\.done) == [true, false] && $0?.id == "g" && $0?.owner == "ann" }
    }

    @Test("the dashboard counts open tasks per list and forgets archived lists")
    func dashboard() throws {
        try ProjectionScenario(DashboardProjection(), stream: "todo#g")
            .given(.created(.init(owner: "ann", title: "G")), .added(.init(task: "a", text: "A")), .added(.init(task: "b", text: "B")), .completed(.init(task: "a")))
            .then { $0?.openTasks == ["g": 1] }
        try ProjectionScenario(DashboardProjection(), stream: "todo#g")
            .given(.created(.init(owner: "ann", title: "G")), .added(.init(task: "a", text: "A")), .archived(.init()))
            .then { $0?.totalOpen == 0 }
    }
}
