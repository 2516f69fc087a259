import EventSourcing

/// An amount of money in minor units (cents): 1 … 1,000,000,000,000, read exactly from a JSON number (`100.0` is
/// 100; `1.0000000000000001` is refused, never rounded).
public struct Amount: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The amounts a deposit or withdrawal may have.
    public static let range: ClosedRange<Int64> = 1...1_000_000_000_000
    /// The amount in cents.
    public let cents: Int64

    /// Nil when `cents` is outside `Amount.range`.
    public init?(cents: Int64) {
        guard Self.range.contains(cents) else { return nil }
        self.cents = cents
    }

    /// The amount in cents, as a plain number.
    public var description: String { String(cents) }

    /// Decodes a JSON number holding a whole number of cents within `Amount.range`; anything else is `dataCorrupted`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard case .number(let text) = try container.decode(JSON.self) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "the amount must be a number"))
        }
        switch ExactInteger(text) {
        case .integer(let cents) where Self.range.contains(cents):
            self.cents = cents
        case .fractional:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "the amount must be a whole number of cents"))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "the amount must be a whole number of cents between \(Self.range.lowerBound) and \(Self.range.upperBound)"))
        }
    }

    /// Encodes the amount as its number of cents.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cents)
    }
}
