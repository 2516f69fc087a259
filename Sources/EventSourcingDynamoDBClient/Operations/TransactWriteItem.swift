import EventSourcingJSON

/// One action of a `TransactWriteItems`: exactly one of put, update, delete or condition check.
public struct TransactWriteItem: Sendable {
    /// A whole item written.
    public struct Put: Sendable {
        /// The table.
        public var tableName: String
        /// The whole item.
        public var item: Item
        /// A condition the item as it stands must meet, or nothing is written (`conditionalCheckFailed`).
        public var conditionExpression: String?
        /// Stand-ins (`#name`) for attribute names in the expressions.
        public var expressionAttributeNames: [String: String]?
        /// Stand-ins (`:value`) for values in the expressions.
        public var expressionAttributeValues: Item?
        /// `ALL_OLD` puts the existing item into the error when the condition fails, saving a read.
        public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    }

    /// Attributes of one item changed.
    public struct Update: Sendable {
        /// The table.
        public var tableName: String
        /// The item's key: its partition key, and its sort key when the table has one.
        public var key: Item
        /// What to change: `SET`, `REMOVE`, `ADD` and `DELETE` clauses.
        public var updateExpression: String
        /// A condition the item as it stands must meet, or nothing is written (`conditionalCheckFailed`).
        public var conditionExpression: String?
        /// Stand-ins (`#name`) for attribute names in the expressions.
        public var expressionAttributeNames: [String: String]?
        /// Stand-ins (`:value`) for values in the expressions.
        public var expressionAttributeValues: Item?
        /// `ALL_OLD` puts the existing item into the error when the condition fails, saving a read.
        public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    }

    /// A delete, or (as a condition check) a condition on an item that is left as it is.
    public struct KeyedAction: Sendable {
        /// The table.
        public var tableName: String
        /// The item's key: its partition key, and its sort key when the table has one.
        public var key: Item
        /// A condition the item as it stands must meet, or nothing is written (`conditionalCheckFailed`).
        public var conditionExpression: String?
        /// Stand-ins (`#name`) for attribute names in the expressions.
        public var expressionAttributeNames: [String: String]?
        /// Stand-ins (`:value`) for values in the expressions.
        public var expressionAttributeValues: Item?
        /// `ALL_OLD` puts the existing item into the error when the condition fails, saving a read.
        public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    }

    var put: Put?
    var update: Update?
    var delete: KeyedAction?
    var conditionCheck: KeyedAction?

    /// A put of `item`, on `condition` if given; `returnOnFailure: .allOld` puts the existing item into the
    /// cancellation reason when the condition fails.
    public static func put(
        table: String, item: Item, condition: String? = nil, names: [String: String]? = nil, values: Item? = nil,
        returnOnFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(put: Put(
            tableName: table, item: item, conditionExpression: condition, expressionAttributeNames: names,
            expressionAttributeValues: values, returnValuesOnConditionCheckFailure: returnOnFailure))
    }

    /// An update of the item at `key`, on `condition` if given.
    public static func update(
        table: String, key: Item, update: String, condition: String? = nil, names: [String: String]? = nil, values: Item? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(update: Update(
            tableName: table, key: key, updateExpression: update, conditionExpression: condition,
            expressionAttributeNames: names, expressionAttributeValues: values))
    }

    /// A delete of the item at `key`, on `condition` if given.
    public static func delete(table: String, key: Item, condition: String? = nil, names: [String: String]? = nil, values: Item? = nil) -> TransactWriteItem {
        TransactWriteItem(delete: KeyedAction(
            tableName: table, key: key, conditionExpression: condition, expressionAttributeNames: names, expressionAttributeValues: values))
    }

    /// A condition on the item at `key`, which the transaction leaves as it is.
    public static func conditionCheck(table: String, key: Item, condition: String, names: [String: String]? = nil, values: Item? = nil) -> TransactWriteItem {
        TransactWriteItem(conditionCheck: KeyedAction(
            tableName: table, key: key, conditionExpression: condition, expressionAttributeNames: names, expressionAttributeValues: values))
    }

    /// The table the action writes to.
    var tableName: String { put?.tableName ?? update?.tableName ?? delete?.tableName ?? conditionCheck?.tableName ?? "" }

    /// The item (or key) the action carries, for size checks.
    var payload: Item { put?.item ?? update?.key ?? delete?.key ?? conditionCheck?.key ?? [:] }
}

extension TransactWriteItem: DynamoDBJSONEncodable {
    /// Writes `{"Put": {…}}`, `{"Update": {…}}`, `{"Delete": {…}}` or `{"ConditionCheck": {…}}`.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let put {
            Self.write(
                "Put", put.tableName, ("Item", put.item), put.conditionExpression, put.expressionAttributeNames,
                put.expressionAttributeValues, put.returnValuesOnConditionCheckFailure, to: &writer)
        } else if let update {
            Self.write(
                "Update", update.tableName, ("Key", update.key), update.conditionExpression, update.expressionAttributeNames,
                update.expressionAttributeValues, update.returnValuesOnConditionCheckFailure, updateExpression: update.updateExpression,
                to: &writer)
        } else if let action = delete ?? conditionCheck {
            Self.write(
                delete != nil ? "Delete" : "ConditionCheck", action.tableName, ("Key", action.key), action.conditionExpression,
                action.expressionAttributeNames, action.expressionAttributeValues, action.returnValuesOnConditionCheckFailure, to: &writer)
        }
        writer.endObject()
    }

    /// One action's member: its table, its item or key, and what every conditional write may carry.
    private static func write(
        _ action: String, _ table: String, _ item: (name: String, value: Item), _ condition: String?, _ names: [String: String]?,
        _ values: Item?, _ returnOnFailure: ReturnValuesOnConditionCheckFailure?, updateExpression: String? = nil, to writer: inout JSONWriter
    ) {
        writer.key(action)
        writer.beginObject()
        writer.member("TableName", table)
        writer.member(item.name, item.value)
        writer.member("UpdateExpression", updateExpression)
        writer.conditionMembers(condition, names, values, returnOnFailure)
        writer.endObject()
    }
}
