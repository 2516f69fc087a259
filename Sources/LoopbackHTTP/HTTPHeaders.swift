/// One header field: its name as sent, and its value.
///
/// A struct, not a labelled tuple: an array of tuples has its metadata built at run time, on the path of every
/// Lambda cold start.
public struct HTTPField: Sendable, Equatable {
    /// The field name, as it was sent.
    public var name: String
    /// The field value, without surrounding spaces.
    public var value: String

    /// A field `name: value`.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// HTTP header fields in arrival order, looked up without regard to case.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields, in order.
    public private(set) var fields: [HTTPField]

    /// Headers holding `fields`.
    public init(_ fields: [HTTPField] = []) {
        self.fields = fields
    }

    /// Empty, with room for `capacity` fields.
    public init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// Headers from `["Name": "value", …]`, in the order written.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { HTTPField(name: $0.0, value: $0.1) }
    }

    /// The first value of `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Adds a field at the end.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(HTTPField(name: name, value: value))
    }

    /// The fields, in order.
    public func makeIterator() -> IndexingIterator<[HTTPField]> {
        fields.makeIterator()
    }
}

extension String {
    /// ASCII case-insensitive equality, as HTTP field names need; a tight loop over contiguous UTF-8.
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && hasCaseInsensitivePrefix(other)
    }

    /// True when the string starts with `prefix`, ignoring ASCII case.
    public func hasCaseInsensitivePrefix(_ prefix: String) -> Bool {
        guard utf8.count >= prefix.utf8.count else { return false }
        var lhs = self, rhs = prefix
        return lhs.withUTF8 { a in
            rhs.withUTF8 { b in
                for index in 0..<b.count where a[index] != b[index] {
                    let folded = a[index] | 0x20
                    guard folded == b[index] | 0x20, folded >= 0x61, folded <= 0x7A else { return false }
                }
                return true
            }
        }
    }
}
