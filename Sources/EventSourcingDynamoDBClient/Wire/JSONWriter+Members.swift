import EventSourcingJSON

/// Optional members of a request: written when present, left out when nil (as DynamoDB expects absent fields).
extension JSONWriter {
    mutating func member(_ name: String, _ text: String?) {
        guard let text else { return }
        key(name)
        string(text)
    }

    mutating func member(_ name: String, _ flag: Bool?) {
        guard let flag else { return }
        key(name)
        bool(flag)
    }

    mutating func member(_ name: String, _ number: Int?) {
        guard let number else { return }
        key(name)
        self.number(number)
    }

    mutating func member(_ name: String, _ value: (some DynamoDBJSONEncodable)?) {
        guard let value else { return }
        key(name)
        value.write(to: &self)
    }

    /// `ExpressionAttributeNames`: placeholders to attribute names.
    mutating func member(_ name: String, _ names: [String: String]?) {
        guard let names else { return }
        key(name)
        beginObject()
        for (placeholder, attribute) in names {
            key(placeholder)
            string(attribute)
        }
        endObject()
    }
}

extension JSONWriter {
    /// The members every conditional write shares: `ConditionExpression`, `ExpressionAttributeNames`,
    /// `ExpressionAttributeValues`, `ReturnValuesOnConditionCheckFailure`.
    mutating func conditionMembers(
        _ condition: String?, _ names: [String: String]?, _ values: Item?, _ returnOnFailure: ReturnValuesOnConditionCheckFailure?
    ) {
        member("ConditionExpression", condition)
        member("ExpressionAttributeNames", names)
        member("ExpressionAttributeValues", values)
        member("ReturnValuesOnConditionCheckFailure", returnOnFailure?.rawValue)
    }
}
