import EventSourcing
import EventSourcingLambda

/// One list as `GET /lists/{id}` shows it, tasks in the order they were added.
public struct ListView: Codable, Equatable, Sendable, OwnedDocument {
    public struct Task: Codable, Equatable, Sendable { public var id: String; public var text: String; public var done: Bool }
    public var id: String
    public var owner: String
    public var title: String
    public var tasks: [Task]
    public var archived: Bool
}

public struct ListViewProjection: Projection {
    public static let name = "todo-list"
    public let partition = Partition<TodoEvent>.byStream(ListID.id(ofStream:))
    public init() {}

    public func apply(_ event: RecordedEvent<TodoEvent>, to view: ListView?) throws -> ListView {
        if case .created(let created) = event.event {
            return ListView(id: ListID.id(ofStream: event.streamID) ?? "", owner: created.owner, title: created.title, tasks: [], archived: false)
        }
        guard var view else { throw TodoError.exists }
        switch event.event {
        case .created: break
        case .added(let added): view.tasks.append(.init(id: added.task, text: added.text, done: false))
        case .completed(let task): view.tasks = view.tasks.map { $0.id == task.task ? .init(id: $0.id, text: $0.text, done: true) : $0 }
        case .reopened(let task): view.tasks = view.tasks.map { $0.id == task.task ? .init(id: $0.id, text: $0.text, done: false) : $0 }
        case .archived: view.archived = true
        }
        return view
    }
}

/// What is left to do across an owner's lists (`GET /lists`): open tasks per list.
public struct Dashboard: Codable, Equatable, Sendable {
    public var openTasks: [String: Int] = [:]
    public var totalOpen: Int { openTasks.values.reduce(0, +) }
}

public struct DashboardProjection: Projection {
    public static let name = "todo-dashboard"
    public let partition = Partition<TodoEvent>.byFirstEvent { if case .created(let created) = $0.event { created.owner } else { nil } }
    public init() {}

    public func apply(_ event: RecordedEvent<TodoEvent>, to dashboard: Dashboard?) throws -> Dashboard {
        var dashboard = dashboard ?? Dashboard()
        let list = ListID.id(ofStream: event.streamID) ?? event.streamID
        switch event.event {
        case .created: dashboard.openTasks[list] = 0
        case .added, .reopened: dashboard.openTasks[list, default: 0] += 1
        case .completed: dashboard.openTasks[list, default: 0] -= 1
        case .archived: dashboard.openTasks[list] = nil
        }
        return dashboard
    }
}
