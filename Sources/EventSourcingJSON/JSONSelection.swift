/// Which parts of a JSON value `JSONScanner.value(selecting:)` reads into a `JSON` tree. What is not selected is read
/// past: checked as strictly as the rest (duplicate keys aside), but never built, its keys included.
///
/// ```swift
/// // Of an API Gateway event, the path and the request context's request id only.
/// let selection = JSONSelection.members(["rawPath": .everything, "requestContext": .members(["requestId": .everything])])
/// ```
public struct JSONSelection: Sendable {
    /// The members kept, nil for the whole value.
    private let keys: JSONKeys?
    /// How each kept member is read, in the order of `keys`.
    private let selections: [JSONSelection]

    /// The whole value.
    public static let everything = JSONSelection(keys: nil, selections: [])

    /// Of an object, only these members, each read as its own selection says; a value of another kind is read whole.
    public static func members(_ members: KeyValuePairs<String, JSONSelection>) -> JSONSelection {
        JSONSelection(keys: JSONKeys(members.map(\.key)), selections: members.map(\.value))
    }

    private init(keys: JSONKeys?, selections: [JSONSelection]) {
        self.keys = keys
        self.selections = selections
    }

    /// The members kept and how each is read; nil for the whole value.
    var members: (keys: JSONKeys, selections: [JSONSelection])? {
        keys.map { ($0, selections) }
    }
}
