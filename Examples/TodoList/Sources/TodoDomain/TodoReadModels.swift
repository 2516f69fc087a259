import EventSourcing
import EventSourcingLambda

/// One list as `GET /lists/{id}` shows it, tasks in the order they were added.
public struct ListView: Codable, Equatable, Sendable, OwnedDocument {
    /// One task: its id within the list, its text and whether it is done.
    public struct Task: Codable, Equatable, Sendable { public var id: String; public var text: String; public var done: Bool }
    /// The list's id.
    public var id: String
    /// Who created the list: the only caller who may read it.
    public var owner: String
    /// The list's title.
    public var title: String
    /// The tasks, in the order they were added.
    public var tasks: [Task]
    /// True once the list is archived.
    public var archived: Bool
}

/// Folds a list's events into its `ListView`: one document per list stream.
public struct ListViewProjection: Projection {
    /// The read model's name, stored with each document.
    public static let name = "todo-list"
    /// One document per list stream, keyed by the list id; other streams are not projected.
    public let partition = Partition<TodoEvent>.byStream(ListID.id(ofStream:))
    /// The projection.
    public init() {}

    /// `view` after `event`: `ListCreated` starts it, the other events add, complete or reopen a task or archive it.
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
    /// Tasks not done, by list id; an archived list is left out.
    public var openTasks: [String: Int] = [:]
    /// Tasks not done across all the owner's lists.
    public var totalOpen: Int { openTasks.values.reduce(0, +) }
}

/// Folds every list of an owner into their `Dashboard`, keyed by the owner of each list's first event.
public struct DashboardProjection: Projection {
    /// The read model's name, stored with each document.
    public static let name = "todo-dashboard"
    /// One document per owner, read from each list stream's `ListCreated` event.
    public let partition = Partition<TodoEvent>.byFirstEvent { if case .created(let created) = $0.event { created.owner } else { nil } }
    /// The projection.
    public init() {}

    /// `dashboard` after `event`: counts the list's open tasks up and down, and drops the list once it is archived.
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
