import EventSourcingLambda

/// An account id: 1 to 64 of `A-Z a-z 0-9 _ -`. Its stream is `account#<id>`.
public struct AccountID: StreamIdentifier, Hashable, Codable, Comparable, CustomStringConvertible {
    /// What a valid account id looks like, for the `invalid_request` message.
    public static let format = "1 to 64 letters, digits, '_' or '-'"
    /// The id as it appears in paths.
    public let rawValue: String

    /// Nil when `text` is not a valid account id.
    public init?(_ text: String) {
        guard (1...64).contains(text.utf8.count),
              text.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 })
        else { return nil }
        rawValue = text
    }

    /// The event stream that holds the account's events.
    public var streamID: String { Self.streamPrefix + rawValue }

    /// The account id of an account stream id, or nil for other streams.
    public init?(streamID: String) {
        guard streamID.hasPrefix(Self.streamPrefix) else { return nil }
        self.init(String(streamID.dropFirst(Self.streamPrefix.count)))
    }

    private static let streamPrefix = "account#"

    /// The id itself.
    public var description: String { rawValue }

    /// Orders ids by their text.
    public static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes an id from a JSON string; text that is not a valid id is a `dataCorrupted` error.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = AccountID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not an account id"))
        }
        self = id
    }

    /// Encodes the id as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
