extension JSON: Codable {
    /// Decodes any JSON value. `JSONValueDecoder` hands the value over as it is (numbers keep their text); other
    /// decoders give numbers as `Int64` when they can, else as `Double`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let integer = try? container.decode(Int64.self) { self = .number(String(integer)) }
        else if let number = try? container.decode(Double.self) { self = .number(String(number)) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let elements = try? container.decode([JSON].self) { self = .array(elements) }
        else { self = .object(try container.decode([String: JSON].self)) }
    }

    /// Encodes the value. `JSONValueEncoder` stores it as it is; other encoders get numbers as `Int64` when the
    /// text is an exact integer, else as `Double`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let text):
            if case .integer(let integer) = ExactInteger(text) { try container.encode(integer) } else { try container.encode(Double(text) ?? 0) }
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}
