import EventSourcing

/// What happens to a to-do list.
public enum TodoEvent: Equatable, Sendable {
    case created(ListCreated)
    case added(TaskAdded)
    case completed(TaskCompleted)
    case reopened(TaskReopened)
    case archived(ListArchived)

    public struct ListCreated: EventPayload, Equatable {
        public static let eventType = "ListCreated"
        public var owner, title: String
        public init(owner: String, title: String) { (self.owner, self.title) = (owner, title) }
    }

    public struct TaskAdded: EventPayload, Equatable {
        public static let eventType = "TaskAdded"
        public var task, text: String
        public init(task: String, text: String) { (self.task, self.text) = (task, text) }
    }

    public struct TaskCompleted: EventPayload, Equatable {
        public static let eventType = "TaskCompleted"
        public var task: String
        public init(task: String) { self.task = task }
    }

    public struct TaskReopened: EventPayload, Equatable {
        public static let eventType = "TaskReopened"
        public var task: String
        public init(task: String) { self.task = task }
    }

    public struct ListArchived: EventPayload, Equatable {
        public static let eventType = "ListArchived"
        public init() {}
    }

    public var payload: any EventPayload {
        switch self {
        case .created(let payload): payload
        case .added(let payload): payload
        case .completed(let payload): payload
        case .reopened(let payload): payload
        case .archived(let payload): payload
        }
    }

    public static let serializer = EventSerializer<TodoEvent>(payload: \.payload)
        .registering(ListCreated.self, TodoEvent.created)
        .registering(TaskAdded.self, TodoEvent.added)
        .registering(TaskCompleted.self, TodoEvent.completed)
        .registering(TaskReopened.self, TodoEvent.reopened)
        .registering(ListArchived.self, TodoEvent.archived)
}
