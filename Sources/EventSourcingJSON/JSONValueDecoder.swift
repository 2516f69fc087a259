#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes `Decodable` values from `JSON`: the inverse of `JSONValueEncoder`.
///
/// Integers are read from the number's text exactly (`100.0` is 100; a fraction, or a value that does not fit the
/// type, is a type mismatch, never a silent truncation); `Data` comes from base64 text; `Date` from seconds since
/// 1970. With `rejectsUnknownKeys`, a member that the type never asked for is an error (`unknownKey`), so that a
/// misspelt field in a request cannot pass silently.
public struct JSONValueDecoder: Sendable {
    /// Whether a member no `CodingKey` asked for is an error.
    public var rejectsUnknownKeys: Bool

    /// A decoder; `rejectsUnknownKeys` makes unknown members an error.
    public init(rejectsUnknownKeys: Bool = false) {
        self.rejectsUnknownKeys = rejectsUnknownKeys
    }

    /// The value `json` holds.
    public func decode<Value: Decodable>(_ type: Value.Type, from json: JSON) throws -> Value {
        let usage = rejectsUnknownKeys ? KeyUsage() : nil
        let value = try ValueDecoder(value: json, codingPath: [], usage: usage).decodeAny(type)
        if let usage, let unknown = usage.firstUnknown(in: json) {
            throw JSONDecodingError.unknownKey(path: unknown)
        }
        return value
    }
}

/// A decoding failure that `DecodingError` has no case for.
public enum JSONDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A member no coding key asked for, by its path (`["lines", "0", "qty"]`).
    case unknownKey(path: [String])

    public var description: String {
        switch self {
        case .unknownKey(let path): "unknown field \"\(path.joined(separator: "."))\""
        }
    }
}

/// Which members were asked for, by path, so that the rest can be reported as unknown.
final class KeyUsage {
    private var asked: Set<[String]> = []
    /// Values taken whole (a `JSON` member): nothing inside them is unknown.
    private var takenWhole: Set<[String]> = []

    func ask(_ path: [any CodingKey], _ key: String) { asked.insert(path.map(\.stringValue) + [key]) }

    func takeWhole(_ path: [any CodingKey]) { takenWhole.insert(path.map(\.stringValue)) }

    /// The path of the first member (in key order) that was never asked for.
    func firstUnknown(in value: JSON, at path: [String] = []) -> [String]? {
        guard !takenWhole.contains(path) else { return nil }
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                let child = path + [key]
                guard asked.contains(child) else { return child }
                if let unknown = firstUnknown(in: members[key]!, at: child) { return unknown }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let unknown = firstUnknown(in: element, at: path + [String(index)]) { return unknown }
            }
        default: break
        }
        return nil
    }
}

struct ValueDecoder: Decoder {
    let value: JSON
    let codingPath: [any CodingKey]
    let usage: KeyUsage?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ type: Any.Type, _ detail: String? = nil) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: detail ?? "expected \(type), found \(value.kindDescription)"))
    }

    func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSON.self {
            usage?.takeWhole(codingPath)
            return value as! T
        }
        if type == Data.self {
            guard case .string(let text) = value, let data = Data(base64Encoded: text) else { throw mismatch(type, "expected base64 text") }
            return data as! T
        }
        if type == Date.self {
            guard case .number(let text) = value, let seconds = Double(text) else { throw mismatch(type) }
            return Date(timeIntervalSince1970: seconds) as! T
        }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([Any].self) }
        return UnkeyedContainer(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    func child(_ value: JSON, key: any CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, codingPath: codingPath + [key], usage: usage)
    }

    // MARK: Scalars

    func string() throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self) }
        return text
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self) }
        return flag
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let text) = value else { throw mismatch(type) }
        guard case .integer(let exact) = ExactInteger(text), let number = I(exactly: exact) else {
            // UInt64 beyond Int64: only plain digits can be such a value.
            if let number = I(text) { return number }
            throw mismatch(type, "\(text) is not a whole number that fits \(type)")
        }
        return number
    }

    func floating<F: LosslessStringConvertible>(_ type: F.Type) throws -> F {
        guard case .number(let text) = value, let number = F(text) else { throw mismatch(type) }
        return number
    }

    var isNull: Bool { value == .null }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: JSON]
        let decoder: ValueDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }

        var allKeys: [Key] {
            members.keys.compactMap { name in
                guard let key = Key(stringValue: name) else { return nil }
                decoder.usage?.ask(codingPath, name)
                return key
            }
        }

        func contains(_ key: Key) -> Bool {
            decoder.usage?.ask(codingPath, key.stringValue)
            return members[key.stringValue] != nil
        }

        private func child(_ key: Key) throws -> ValueDecoder {
            decoder.usage?.ask(codingPath, key.stringValue)
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no member \"\(key.stringValue)\""))
            }
            return decoder.child(value, key: key)
        }

        func decodeNil(forKey key: Key) throws -> Bool { try child(key).isNull }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).bool() }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).string() }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).floating(type) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).floating(type) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).integer(type) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).integer(type) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).integer(type) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).integer(type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).integer(type) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).integer(type) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).integer(type) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).integer(type) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).integer(type) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).integer(type) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeAny(type) }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            decoder.usage?.ask(codingPath, key.stringValue)
            guard let value = members[key.stringValue], value != .null else { return nil }
            return try decoder.child(value, key: key).decodeAny(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
        func superDecoder() throws -> any Decoder { try child(Key(stringValue: "super")!) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let elements: [JSON]
        let decoder: ValueDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }
        private(set) var currentIndex = 0

        init(elements: [JSON], decoder: ValueDecoder) {
            self.elements = elements
            self.decoder = decoder
        }

        private mutating func next() throws -> ValueDecoder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "no more elements"))
            }
            defer { currentIndex += 1 }
            return decoder.child(elements[currentIndex], key: AnyCodingKey(intValue: currentIndex))
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, elements[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
        mutating func decode(_ type: String.Type) throws -> String { try next().string() }
        mutating func decode(_ type: Double.Type) throws -> Double { try next().floating(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(type) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeAny(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    struct SingleContainer: SingleValueDecodingContainer {
        let decoder: ValueDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }

        func decodeNil() -> Bool { decoder.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
        func decode(_ type: String.Type) throws -> String { try decoder.string() }
        func decode(_ type: Double.Type) throws -> Double { try decoder.floating(type) }
        func decode(_ type: Float.Type) throws -> Float { try decoder.floating(type) }
        func decode(_ type: Int.Type) throws -> Int { try decoder.integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeAny(type) }
    }
}
