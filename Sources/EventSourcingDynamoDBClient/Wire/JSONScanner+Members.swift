import EventSourcingJSON

/// What response decoders share: an object's members read once each, numbers as Swift numbers.
extension JSONScanner {
    /// Calls `member` with each key of the object at the cursor, the cursor on its value; a key that comes twice is
    /// refused. `member` reads the value, or skips it when the key is not one it knows.
    mutating func members(_ member: (String, inout JSONScanner) throws(JSONError) -> Void) throws(JSONError) {
        var seen: Set<String> = []
        try beginObject()
        while true {
            let keyOffset = offset
            guard let key = try nextKey() else { return }
            guard seen.insert(key).inserted else { throw JSONError("the member \"\(key)\" appears twice", at: keyOffset) }
            try member(key, &self)
        }
    }

    /// A JSON number that is an integer within `Int`.
    mutating func integer() throws(JSONError) -> Int {
        let start = offset
        let text = try numberText()
        guard let value = Int(text) else { throw JSONError("\(text) is not an integer", at: start) }
        return value
    }

    /// A JSON number as a `Double` (capacity units).
    mutating func double() throws(JSONError) -> Double {
        let start = offset
        let text = try numberText()
        guard let value = Double(text) else { throw JSONError("\(text) is not a number", at: start) }
        return value
    }
}

extension JSONScanner {
    /// `null` as nil, anything else read by `read` (DynamoDB leaves optional members out; others may write null).
    mutating func nullable<Value>(_ read: (inout JSONScanner) throws(JSONError) -> Value) throws(JSONError) -> Value? {
        if try peekKind() == .null {
            try null()
            return nil
        }
        return try read(&self)
    }

    /// An item, or nil for `null`.
    mutating func nullableItem() throws(JSONError) -> Item? {
        try nullable { (scanner) throws(JSONError) in try Item(scanning: &scanner) }
    }

    /// A string, or nil for `null`.
    mutating func nullableString() throws(JSONError) -> String? {
        try nullable { (scanner) throws(JSONError) in try scanner.string() }
    }
}
