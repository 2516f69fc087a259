/// An item: attribute names to values.
public typealias Item = [String: AttributeValue]
