import EventSourcing

/// A list's state: its owner, title, tasks (done or not), and whether it is archived.
public struct TodoList: OwnedAggregate, Equatable {
    /// Who created the list; nil until it is created.
    public var owner: String?
    /// The list's title.
    public var title = ""
    /// Whether each task is done, by task id.
    public var tasks: [String: Bool] = [:]
    /// True once the list is archived.
    public var archived = false

    /// A list not yet created.
    public init() {}

    /// Folds `event` into the state.
    public mutating func apply(_ event: TodoEvent) {
        switch event {
        case .created(let created): (owner, title) = (created.owner, created.title)
        case .added(let added): tasks[added.task] = false
        case .completed(let completed): tasks[completed.task] = true
        case .reopened(let reopened): tasks[reopened.task] = false
        case .archived: archived = true
        }
    }
}

/// What a caller asks of a list.
public enum TodoCommand: Sendable {
    case create(owner: String, title: String)
    case add(task: String, text: String)
    case complete(task: String)
    case reopen(task: String)
    case archive
}

/// The rules a list command can break; `full` carries the most tasks a list holds.
public enum TodoError: Error, Codable, Equatable, Sendable {
    case exists, archived, taskExists(String), noSuchTask(String), alreadyDone(String), notDone(String), full(limit: Int)
}

/// The rules: a task id once per list, at most 500 tasks, nothing on an archived list, complete and reopen only
/// when that changes something.
public struct TodoHandler: CommandHandler {
    /// The most tasks a list holds.
    public static let maxTasks = 500

    /// The list rules.
    public init() {}

    /// The one event `command` produces on `state`, or the rule it breaks.
    public func handle(_ command: TodoCommand, state: TodoList, version: Int64) throws(TodoError) -> [TodoEvent] {
        if case .create(let owner, let title) = command {
            guard state.owner == nil else { throw .exists }
            return [.created(.init(owner: owner, title: title))]
        }
        guard !state.archived else { throw .archived }
        switch command {
        case .create: throw .exists
        case .add(let task, let text):
            guard state.tasks[task] == nil else { throw .taskExists(task) }
            guard state.tasks.count < Self.maxTasks else { throw .full(limit: Self.maxTasks) }
            return [.added(.init(task: task, text: text))]
        case .complete(let task):
            guard let done = state.tasks[task] else { throw .noSuchTask(task) }
            guard !done else { throw .alreadyDone(task) }
            return [.completed(.init(task: task))]
        case .reopen(let task):
            guard let done = state.tasks[task] else { throw .noSuchTask(task) }
            guard done else { throw .notDone(task) }
            return [.reopened(.init(task: task))]
        case .archive:
            return [.archived(.init())]
        }
    }
}
