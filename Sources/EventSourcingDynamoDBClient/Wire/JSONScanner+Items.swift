import EventSourcingJSON

extension JSONScanner {
    /// A page's `Items`: an array of items (empty for `null`), each built as it is read, its capacity guessed from
    /// the item before it (a page's items mostly have the same attributes).
    mutating func items() throws(JSONError) -> [Item] {
        try nullable { (scanner) throws(JSONError) in
            var items: [Item] = []
            try scanner.beginArray()
            while try scanner.nextElement() { items.append(try Item(scanning: &scanner, expectedCount: items.last?.count ?? 0)) }
            return items
        } ?? []
    }
}
