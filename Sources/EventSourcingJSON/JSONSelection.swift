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

    fileprivate var members: (keys: JSONKeys, selections: [JSONSelection])? {
        keys.map { ($0, selections) }
    }
}

extension JSONScanner {
    /// The next value as a `JSON` tree of only the members `selection` names; a selected key named twice in one object
    /// is refused, naming the key.
    public mutating func value(selecting selection: JSONSelection) throws(JSONError) -> JSON {
        guard let (keys, selections) = selection.members, try peekKind() == .object else { return try value() }
        try beginObject()
        var members: [String: JSON] = Dictionary(minimumCapacity: keys.count)
        while true {
            skipWhitespace()
            let keyOffset = offset
            guard let index = try nextKey(in: keys) else { return .object(members) }
            guard index < keys.count else {
                try skipValue()
                continue
            }
            let key = keys.names[index]
            guard members.updateValue(try value(selecting: selections[index]), forKey: key) == nil else {
                throw JSONError("the key \"\(key)\" appears twice in one object", at: keyOffset)
            }
        }
    }
}
