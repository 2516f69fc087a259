#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes `Encodable` values as `JSON`: the form events, snapshots and read models are stored in.
///
/// Integers are written exactly (never through `Double`); `Float`/`Double` must be finite; `Data` becomes a base64
/// string; `Date` a number of seconds since 1970 (to the millisecond); a `JSON` value is stored as it is; optionals
/// encoded with `encodeIfPresent` (as synthesised conformances do) are left out.
public struct JSONValueEncoder: Sendable {
    /// How dates are written.
    public enum DateFormat: Sendable {
        /// A number of seconds since 1970, to the millisecond (how stored values keep dates).
        case secondsSince1970
        /// ISO 8601 text with milliseconds, in UTC (how API responses show dates).
        case iso8601
    }

    /// How dates are written.
    public var dates: DateFormat

    /// An encoder writing dates as `dates`.
    public init(dates: DateFormat = .secondsSince1970) {
        self.dates = dates
    }

    /// The JSON of `value`.
    public func encode<Value: Encodable>(_ value: Value) throws -> JSON {
        let encoder = ValueEncoder(codingPath: [], dates: dates)
        try encoder.encodeAny(value)
        return try encoder.node.resolved(codingPath: [])
    }

    /// The JSON text of `value`, object members in the order they were encoded (a synthesised conformance's
    /// declaration order), for response bodies.
    public func encodeBytes<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = ValueEncoder(codingPath: [], dates: dates)
        try encoder.encodeAny(value)
        var writer = JSONWriter()
        try encoder.node.write(to: &writer, codingPath: [])
        return writer.bytes
    }

    /// The members of `value`, which must encode as an object (a struct, a class or `[String: V]`).
    public func encodeObject<Value: Encodable>(_ value: Value) throws -> [String: JSON] {
        guard case .object(let members) = try encode(value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "expected a value that encodes as an object"))
        }
        return members
    }
}

/// A value being built: a leaf, or an object or array whose children may still be filled in. Objects remember
/// the order their members were first encoded in (a synthesised conformance's declaration order).
final class EncodingNode {
    enum Content {
        case empty
        case leaf(JSON)
        case object([String: EncodingNode], order: [String])
        case array([EncodingNode])
    }

    var content: Content = .empty

    func resolved(codingPath: [any CodingKey]) throws -> JSON {
        switch content {
        case .empty:
            throw EncodingError.invalidValue((), .init(codingPath: codingPath, debugDescription: "nothing was encoded"))
        case .leaf(let value): return value
        case .object(let children, _): return .object(try children.mapValues { try $0.resolved(codingPath: codingPath) })
        case .array(let children): return .array(try children.map { try $0.resolved(codingPath: codingPath) })
        }
    }

    /// Writes the value with object members in encoding order.
    func write(to writer: inout JSONWriter, codingPath: [any CodingKey]) throws {
        switch content {
        case .empty:
            throw EncodingError.invalidValue((), .init(codingPath: codingPath, debugDescription: "nothing was encoded"))
        case .leaf(let value): writer.value(value)
        case .object(let children, let order):
            writer.beginObject()
            for key in order {
                writer.key(key)
                try children[key]!.write(to: &writer, codingPath: codingPath)
            }
            writer.endObject()
        case .array(let children):
            writer.beginArray()
            for child in children { try child.write(to: &writer, codingPath: codingPath) }
            writer.endArray()
        }
    }
}

/// A coding key made from a string or an index.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

final class ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let node: EncodingNode
    let dates: JSONValueEncoder.DateFormat

    init(codingPath: [any CodingKey], node: EncodingNode = EncodingNode(), dates: JSONValueEncoder.DateFormat) {
        self.codingPath = codingPath
        self.node = node
        self.dates = dates
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:], order: []) }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    /// Encodes a value here, taking the types with a fixed JSON form before the generic path.
    func encodeAny<Value: Encodable>(_ value: Value) throws {
        switch value {
        case let json as JSON: node.content = .leaf(json)
        case let data as Data: node.content = .leaf(.string(data.base64EncodedString()))
        case let date as Date:
            let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
            guard milliseconds.isFinite, abs(milliseconds) < 9e15 else {
                throw EncodingError.invalidValue(date, .init(codingPath: codingPath, debugDescription: "date out of range"))
            }
            switch dates {
            case .secondsSince1970: node.content = .leaf(.number(Self.decimalMilliseconds(Int64(milliseconds))))
            case .iso8601: node.content = .leaf(.string(ISO8601Text.milliseconds(Int64(milliseconds))))
            }
        default: try value.encode(to: self)
        }
    }

    /// Milliseconds as decimal seconds: `1795769297123` → `1795769297.123`, no trailing zeros.
    static func decimalMilliseconds(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000, remainder = abs(milliseconds % 1000)
        let sign = milliseconds < 0 && seconds == 0 ? "-" : ""
        guard remainder != 0 else { return sign + String(seconds) }
        var fraction = String(remainder)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(seconds).\(fraction)"
    }

    func child(key: any CodingKey, node: EncodingNode) -> ValueEncoder {
        ValueEncoder(codingPath: codingPath + [key], node: node, dates: dates)
    }

    func leaf(_ value: JSON) { node.content = .leaf(value) }

    func number<N: BinaryFloatingPoint & LosslessStringConvertible>(_ value: N) throws -> JSON {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON numbers must be finite, got \(value)"))
        }
        return .number(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        private func set(_ key: Key, _ node: EncodingNode) {
            guard case .object(var children, var order) = encoder.node.content else { return }
            if children.updateValue(node, forKey: key.stringValue) == nil { order.append(key.stringValue) }
            encoder.node.content = .object(children, order: order)
        }

        private func leaf(_ key: Key, _ value: JSON) {
            let node = EncodingNode()
            node.content = .leaf(value)
            set(key, node)
        }

        mutating func encodeNil(forKey key: Key) throws { leaf(key, .null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { leaf(key, .bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { leaf(key, .string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { leaf(key, try encoder.child(key: key, node: EncodingNode()).number(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { leaf(key, try encoder.child(key: key, node: EncodingNode()).number(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { leaf(key, .number(String(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { leaf(key, .number(String(value))) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let node = EncodingNode()
            try encoder.child(key: key, node: node).encodeAny(value)
            set(key, node)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let node = EncodingNode()
            set(key, node)
            return encoder.child(key: key, node: node).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let node = EncodingNode()
            set(key, node)
            return encoder.child(key: key, node: node).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let node = EncodingNode()
            set(key, node)
            return encoder.child(key: key, node: node)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }
        var count: Int {
            if case .array(let children) = encoder.node.content { return children.count }
            return 0
        }

        private func append(_ node: EncodingNode) {
            guard case .array(var children) = encoder.node.content else { return }
            children.append(node)
            encoder.node.content = .array(children)
        }

        private func nextEncoder() -> ValueEncoder {
            let node = EncodingNode()
            let child = encoder.child(key: AnyCodingKey(intValue: count), node: node)
            append(node)
            return child
        }

        mutating func encodeNil() throws { nextEncoder().leaf(.null) }
        mutating func encode(_ value: Bool) throws { nextEncoder().leaf(.bool(value)) }
        mutating func encode(_ value: String) throws { nextEncoder().leaf(.string(value)) }
        mutating func encode(_ value: Double) throws { let child = nextEncoder(); child.leaf(try child.number(value)) }
        mutating func encode(_ value: Float) throws { let child = nextEncoder(); child.leaf(try child.number(value)) }
        mutating func encode(_ value: Int) throws { nextEncoder().leaf(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { nextEncoder().leaf(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { nextEncoder().leaf(.number(String(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { try nextEncoder().encodeAny(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            nextEncoder().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nextEncoder().unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { nextEncoder() }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { encoder.leaf(.null) }
        mutating func encode(_ value: Bool) throws { encoder.leaf(.bool(value)) }
        mutating func encode(_ value: String) throws { encoder.leaf(.string(value)) }
        mutating func encode(_ value: Double) throws { encoder.leaf(try encoder.number(value)) }
        mutating func encode(_ value: Float) throws { encoder.leaf(try encoder.number(value)) }
        mutating func encode(_ value: Int) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: Int8) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: Int16) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: Int32) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: UInt) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: UInt8) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: UInt16) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: UInt32) throws { encoder.leaf(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { encoder.leaf(.number(String(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeAny(value) }
    }
}
