/// An account id: 1 to 64 of `A-Z a-z 0-9 _ -`.
public struct AccountID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Nil when `text` is not a valid account id.
    public init?(_ text: String) {
        guard (1...64).contains(text.utf8.count),
              text.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 })
        else { return nil }
        rawValue = text
    }

    /// The event stream that holds the account's events.
    public var streamID: String { "account#\(rawValue)" }

    /// The account id of an account stream id, or nil for other streams.
    public init?(streamID: String) {
        guard streamID.hasPrefix("account#") else { return nil }
        self.init(String(streamID.dropFirst("account#".count)))
    }

    public var description: String { rawValue }

    public static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = AccountID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not an account id"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An amount of money in minor units (cents): 1 … 1,000,000,000,000.
public struct Amount: Hashable, Sendable, Codable, CustomStringConvertible {
    public static let range: ClosedRange<Int64> = 1...1_000_000_000_000
    public let cents: Int64

    /// Nil when `cents` is outside `Amount.range`.
    public init?(cents: Int64) {
        guard Self.range.contains(cents) else { return nil }
        self.cents = cents
    }

    public var description: String { String(cents) }

    public init(from decoder: any Decoder) throws {
        let cents = try decoder.singleValueContainer().decode(Int64.self)
        guard let amount = Amount(cents: cents) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(cents) is not an amount"))
        }
        self = amount
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cents)
    }
}
