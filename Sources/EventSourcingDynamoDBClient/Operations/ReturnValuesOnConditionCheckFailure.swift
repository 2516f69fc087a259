/// What to return when a condition fails: nothing, or the item as it is (`ALL_OLD`, saving a read).
public enum ReturnValuesOnConditionCheckFailure: String, Sendable {
    case none = "NONE"
    case allOld = "ALL_OLD"
}
