/// Which parts of a JSON value `JSONScanner.value(selecting:)` reads into a `JSON` tree. What is not selected is read
/// past: checked as strictly as the rest (duplicate keys aside), but never built.
///
/// ```swift
/// // Of an API Gateway event, the path and the request context's request id only.
/// let selection = JSONSelection.members(["rawPath": .everything, "requestContext": .members(["requestId": .everything])])
/// ```
public indirect enum JSONSelection: Sendable {
    /// The whole value.
    case everything
    /// Of an object, only these members, each read as its own selection says; a value of another kind is read whole.
    /// (Pairs, not a dictionary: a selection names a few keys, and comparing a key with each costs less than hashing it.)
    case members(KeyValuePairs<String, JSONSelection>)
}

extension JSONScanner {
    /// The next value as a `JSON` tree of only the members `selection` names; a selected key named twice in one object
    /// is refused, naming the key.
    public mutating func value(selecting selection: JSONSelection) throws(JSONError) -> JSON {
        guard case .members(let selected) = selection, try peekKind() == .object else { return try value() }
        try beginObject()
        var members: [String: JSON] = Dictionary(minimumCapacity: selected.count)
        while true {
            skipWhitespace()
            let keyOffset = offset
            guard let key = try nextKey() else { return .object(members) }
            guard let inner = selected.first(where: { $0.key == key })?.value else {
                try skipValue()
                continue
            }
            guard members.updateValue(try value(selecting: inner), forKey: key) == nil else {
                throw JSONError("the key \"\(key)\" appears twice in one object", at: keyOffset)
            }
        }
    }
}
