import EventSourcing
import EventSourcingLambda

/// A list id: 1 to 40 lower-case letters, digits or '-'. Its stream is `todo#<id>`.
public struct ListID: StreamIdentifier {
    /// What a valid list id looks like, for the `invalid_request` message.
    public static let format = "1 to 40 lower-case letters, digits or '-'"
    /// The id as it appears in paths.
    public let rawValue: String
    /// Nil when `text` is not a valid list id.
    public init?(_ text: String) {
        guard (1...40).contains(text.utf8.count), text.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }) else { return nil }
        rawValue = text
    }
    /// The event stream that holds the list's events.
    public var streamID: String { "todo#" + rawValue }
    /// The list id of a list stream id, or nil for other streams (the id itself is not checked).
    public static func id(ofStream streamID: String) -> String? { streamID.hasPrefix("todo#") ? String(streamID.dropFirst(5)) : nil }
}

extension TodoError: APIErrorConvertible {
    /// The HTTP status, code and message each rule answers with.
    public var apiError: APIError {
        switch self {
        case .exists: APIError(409, "already_exists", "the list already exists")
        case .archived: APIError(422, "list_archived", "the list is archived")
        case .taskExists(let task): APIError(409, "task_exists", "task \(task) is already on the list")
        case .noSuchTask(let task): APIError(404, "no_such_task", "there is no task \(task)")
        case .alreadyDone(let task): APIError(422, "already_done", "task \(task) is done already")
        case .notDone(let task): APIError(422, "not_done", "task \(task) is not done")
        case .full(let limit): APIError(422, "list_full", "a list holds at most \(limit) tasks")
        }
    }
}

/// The to-do lists' HTTP API: five commands, the events of a list, a list and the caller's dashboard.
public enum TodoAPI {
    /// The body of `POST /lists/{id}`: the new list's title.
    public struct NewList: Codable, Sendable { public var title: String }
    /// The body of `POST /lists/{id}/tasks`: the task's id within the list and its text.
    public struct NewTask: Codable, Sendable { public var id: String; public var text: String }

    /// The routes `CommandFunction` serves.
    public static let routes = CommandAPI(TodoHandler(), serializer: TodoEvent.serializer, id: ListID.self, alreadyExists: TodoError.exists.apiError)
        .command("POST", "/lists/{id}", creates: true, status: 201) { (body: NewList, request) in .create(owner: request.caller, title: body.title) }
        .command("POST", "/lists/{id}/tasks", status: 201) { (body: NewTask, _) in .add(task: body.id, text: body.text) }
        .command("POST", "/lists/{id}/tasks/{task}/complete") { (_: NoBody, request) in .complete(task: request.parameters["task"] ?? "") }
        .command("POST", "/lists/{id}/tasks/{task}/reopen") { (_: NoBody, request) in .reopen(task: request.parameters["task"] ?? "") }
        .command("POST", "/lists/{id}/archive") { (_: NoBody, _) in .archive }
        .events("GET", "/lists/{id}/events")
        .document("GET", "/lists/{id}", ListViewProjection())
        .callerDocument("GET", "/lists", DashboardProjection()) { dashboard, _ in dashboard ?? Dashboard() }

    /// The read models `StreamProjector` keeps.
    public static let projections: [any Projection<TodoEvent>] = [ListViewProjection(), DashboardProjection()]
}
