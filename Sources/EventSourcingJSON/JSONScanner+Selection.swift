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
