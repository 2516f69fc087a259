extension JSONScanner {
    /// The next value as a `JSON` tree; an object naming a key twice is refused, naming the key.
    public mutating func value() throws(JSONError) -> JSON {
        switch try peekKind() {
        case .object:
            try beginObject()
            var members: [String: JSON] = [:]
            while true {
                skipWhitespace()
                let keyOffset = offset
                guard let key = try nextKey() else { return .object(members) }
                guard members.updateValue(try value(), forKey: key) == nil else {
                    throw JSONError("the key \"\(key)\" appears twice in one object", at: keyOffset)
                }
            }
        case .array:
            try beginArray()
            var elements: [JSON] = []
            while try nextElement() { elements.append(try value()) }
            return .array(elements)
        case .string: return .string(try string())
        case .number: return .number(try numberText())
        case .bool: return .bool(try bool())
        case .null:
            try null()
            return .null
        }
    }
}
