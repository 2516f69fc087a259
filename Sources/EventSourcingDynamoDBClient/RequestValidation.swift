
/// Checks made before a request is sent, so that a bad request fails at once with a clear message.
enum RequestValidation {
    /// 3 to 255 characters of `A-Z a-z 0-9 _ - .`.
    static func tableName(_ name: String) throws(DynamoDBError) {
        guard (3...255).contains(name.utf8.count) else {
            throw .invalidRequest("table name \"\(name)\" must be 3 to 255 characters long")
        }
        guard name.utf8.allSatisfy({ $0.isTableNameCharacter }) else {
            throw .invalidRequest("table name \"\(name)\" may hold only letters, digits, '_', '-' and '.'")
        }
    }

    /// Numbers are valid decimal text and the item is within DynamoDB's 400 KB.
    static func item(_ item: Item, table: String) throws(DynamoDBError) {
        for (name, value) in item { try numbers(value, path: name) }
        let size = ItemSize.of(item)
        guard size <= DynamoDBClient.maxItemBytes else {
            throw .invalidRequest("the item for table \(table) is \(size) bytes, over DynamoDB's limit of \(DynamoDBClient.maxItemBytes) bytes (400 KB)")
        }
    }

    /// Expression values hold valid numbers.
    static func values(_ values: Item?) throws(DynamoDBError) {
        for (name, value) in values ?? [:] { try numbers(value, path: name) }
    }

    private static func numbers(_ value: AttributeValue, path: String) throws(DynamoDBError) {
        switch value {
        case .n(let text):
            guard DecimalText.isValid(text) else { throw .invalidRequest("attribute \(path) is not a finite number: \"\(text)\"") }
        case .ns(let texts):
            for text in texts where !DecimalText.isValid(text) {
                throw .invalidRequest("attribute \(path) holds a number that is not finite: \"\(text)\"")
            }
        case .l(let list):
            for (index, element) in list.enumerated() { try numbers(element, path: "\(path)[\(index)]") }
        case .m(let map):
            for (key, element) in map { try numbers(element, path: "\(path).\(key)") }
        default: break
        }
    }
}

/// DynamoDB's item size: attribute names plus values, per its published sizing rules (numbers approximated as
/// one byte per two significant digits plus one).
public enum ItemSize {
    /// The size of `item` in bytes: its attribute names plus their values.
    public static func of(_ item: Item) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + of($1.value) }
    }

    /// The size of one value in bytes, its attribute name not included.
    public static func of(_ value: AttributeValue) -> Int {
        switch value {
        case .s(let text): text.utf8.count
        case .n(let text): number(text)
        case .b(let data): data.count
        case .bool, .null: 1
        case .ss(let texts): texts.reduce(0) { $0 + $1.utf8.count }
        case .ns(let texts): texts.reduce(0) { $0 + number($1) }
        case .bs(let blobs): blobs.reduce(0) { $0 + $1.count }
        case .l(let list): 3 + list.reduce(0) { $0 + 1 + of($1) }
        case .m(let map): 3 + map.reduce(0) { $0 + 1 + $1.key.utf8.count + of($1.value) }
        }
    }

    private static func number(_ text: String) -> Int {
        let digits = text.utf8.filter { (48...57).contains($0) }.drop { $0 == 48 }.count
        return (max(digits, 1) + 1) / 2 + 1
    }
}

extension UInt8 {
    var isTableNameCharacter: Bool {
        (65...90).contains(self) || (97...122).contains(self) || (48...57).contains(self) || self == 95 || self == 45 || self == 46
    }
}
