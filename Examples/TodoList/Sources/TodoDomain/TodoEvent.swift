import EventSourcing

/// What happens to a to-do list.
public enum TodoEvent: Equatable, Sendable {
    case created(ListCreated)
    case added(TaskAdded)
    case completed(TaskCompleted)
    case reopened(TaskReopened)
    case archived(ListArchived)

    /// The list was created by its owner, with a title.
    public struct ListCreated: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "ListCreated"
        /// The caller who created the list (its owner from then on), and its title.
        public var owner, title: String
        /// `owner` created the list titled `title`.
        public init(owner: String, title: String) { (self.owner, self.title) = (owner, title) }
    }

    /// A task was added to the list, not done.
    public struct TaskAdded: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "TaskAdded"
        /// The task's id within the list, and its text.
        public var task, text: String
        /// Task `task` was added with `text`.
        public init(task: String, text: String) { (self.task, self.text) = (task, text) }
    }

    /// A task was marked done.
    public struct TaskCompleted: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "TaskCompleted"
        /// The task's id.
        public var task: String
        /// Task `task` was done.
        public init(task: String) { self.task = task }
    }

    /// A done task was marked not done again.
    public struct TaskReopened: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "TaskReopened"
        /// The task's id.
        public var task: String
        /// Task `task` was reopened.
        public init(task: String) { self.task = task }
    }

    /// The list was archived: it takes no more commands.
    public struct ListArchived: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "ListArchived"
        /// The list was archived.
        public init() {}
    }

    /// The payload this event carries.
    public var payload: any EventPayload {
        switch self {
        case .created(let payload): payload
        case .added(let payload): payload
        case .completed(let payload): payload
        case .reopened(let payload): payload
        case .archived(let payload): payload
        }
    }

    /// The events' serializer: each payload type under its own name, at schema version 1.
    public static let serializer = EventSerializer<TodoEvent>(payload: \.payload)
        .registering(ListCreated.self, TodoEvent.created)
        .registering(TaskAdded.self, TodoEvent.added)
        .registering(TaskCompleted.self, TodoEvent.completed)
        .registering(TaskReopened.self, TodoEvent.reopened)
        .registering(ListArchived.self, TodoEvent.archived)
}
