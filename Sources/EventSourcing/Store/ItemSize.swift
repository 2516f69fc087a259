/// DynamoDB's item size, which the `EventStore` and `ReadModelStore` contracts adopt for every store: attribute
/// names plus values, by its published sizing rules (a number counts one byte per two significant digits, plus one).
public enum ItemSize {
    /// The largest item: 400 KB.
    public static let maxItemBytes = 400 * 1024
    /// The most items one atomic write may hold (a transaction's 100 actions).
    public static let maxTransactionItems = 100
    /// The most bytes one atomic write may hold: 4 MB.
    public static let maxTransactionBytes = 4 * 1024 * 1024

    /// The size of an item.
    public static func of(_ item: [String: JSON]) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + of($1.value) }
    }

    /// The size of one attribute's value.
    public static func of(_ value: JSON) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .number(let text): number(text)
        case .bool, .null: 1
        case .array(let elements): 3 + elements.reduce(0) { $0 + 1 + of($1) }
        case .object(let members): 3 + members.reduce(0) { $0 + 1 + $1.key.utf8.count + of($1.value) }
        }
    }

    /// A number's size: one byte per two significant digits, plus one (the DynamoDB client estimates the same way).
    public static func number(_ text: String) -> Int {
        let digits = text.utf8.filter { (48...57).contains($0) }.drop { $0 == 48 }.count
        return (max(digits, 1) + 1) / 2 + 1
    }
}
