/// Whether a response reports the capacity the operation consumed: in all (`TOTAL`), per table and index
/// (`INDEXES`), or not at all (`NONE`, DynamoDB's default).
public enum ReturnConsumedCapacity: String, Sendable {
    case none = "NONE", total = "TOTAL", indexes = "INDEXES"
}
