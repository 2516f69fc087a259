import EventSourcingJSON

extension JSONScanner {
    /// A page's `Items`: an array of items (empty for `null`), each built as it is read, with the item before it as
    /// a hint.
    mutating func items<Row: DynamoDBItemDecodable>() throws(JSONError) -> [Row] {
        try nullable { (scanner) throws(JSONError) in
            var items: [Row] = []
            try scanner.beginArray()
            while try scanner.nextElement() { items.append(try Row(scanningItem: &scanner, previous: items.last)) }
            return items
        } ?? []
    }
}
