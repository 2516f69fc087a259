import EventSourcingDynamoDBClient
import Foundation

/// A small seeded generator (SplitMix64), so that every fuzzed case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }

    mutating func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &self)] }
}

/// Random items of every attribute type, and DynamoDB JSON for them written in the many ways JSON allows
/// (whitespace, escapes of every kind, surrogate pairs, `\u0000`), for fuzzing the wire decoder.
struct RandomItems {
    /// Only what DynamoDB itself accepts and gives back unchanged: numbers in canonical form, non-empty sets of
    /// distinct elements, nesting within its limits.
    var storable = false

    func item(_ random: inout SeededGenerator, attributes: ClosedRange<Int> = 1...8, depth: Int = 0) -> Item {
        var item: Item = [:]
        for _ in 0..<Int.random(in: attributes, using: &random) { item[name(&random)] = value(&random, depth: depth) }
        return item
    }

    func value(_ random: inout SeededGenerator, depth: Int) -> AttributeValue {
        let nested = depth < 3
        switch Int.random(in: 0..<(nested ? 10 : 8), using: &random) {
        case 0: return .s(text(&random))
        case 1: return .n(number(&random))
        case 2: return .b(blob(&random))
        case 3: return .bool(random.chance(50))
        case 4: return .null
        case 5: return .ss(set(&random) { text(&$0) })
        case 6: return .ns(set(&random) { number(&$0) })
        case 7: return .bs(set(&random) { blob(&$0) })
        case 8: return .l((0..<Int.random(in: 0...4, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default: return .m(item(&random, attributes: 0...4, depth: depth + 1))
        }
    }

    /// Text with ASCII, Latin, CJK and astral characters, controls (NUL included), quotes, backslashes and slashes.
    func text(_ random: inout SeededGenerator) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let scalar: UInt32 = switch Int.random(in: 0..<8, using: &random) {
            case 0: UInt32.random(in: 0..<0x20, using: &random)
            case 1: random.pick([0x22, 0x5C, 0x2F, 0x7F])
            case 2: UInt32.random(in: 0x80...0x7FF, using: &random)
            case 3: UInt32.random(in: 0x800...0xD7FF, using: &random)
            case 4: UInt32.random(in: 0xE000...0xFFFD, using: &random)
            case 5: UInt32.random(in: 0x10000...0x10FFFF, using: &random)
            default: UInt32.random(in: 0x20..<0x7F, using: &random)
            }
            text.unicodeScalars.append(Unicode.Scalar(scalar)!)
        }
        return text
    }

    /// An attribute name: short, sometimes not ASCII.
    func name(_ random: inout SeededGenerator) -> String {
        let name = text(&random)
        return name.isEmpty ? "a" : String(name.prefix(6))
    }

    /// A number in one of many shapes: integers of up to 38 digits, fractions, exponents, signs, and (unless
    /// `storable`) the forms DynamoDB accepts but rewrites (`.5`, `1.`, `+7`, `007`, `1E+3`).
    func number(_ random: inout SeededGenerator) -> String {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
        }
        let sign = random.chance(30) ? "-" : ""
        let integer = String(Int.random(in: 1...9, using: &random)) + digits(Int.random(in: 0...20, using: &random))
        if storable {
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return "0"
            case 1: return sign + integer
            default: return sign + integer + "." + digits(Int.random(in: 0...8, using: &random)) + String(Int.random(in: 1...9, using: &random))
            }
        }
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return sign + "0"
        case 1: return sign + integer
        case 2: return sign + integer + "." + digits(Int.random(in: 1...10, using: &random))
        case 3: return sign + integer + random.pick(["e", "E"]) + random.pick(["", "+", "-"]) + digits(Int.random(in: 1...3, using: &random))
        case 4: return sign + "." + digits(Int.random(in: 1...5, using: &random))
        case 5: return sign + integer + "."
        case 6: return "+" + integer
        case 7: return "00" + integer
        default: return sign + "1" + digits(37)
        }
    }

    func blob(_ random: inout SeededGenerator) -> Data {
        Data((0..<Int.random(in: storable ? 1...16 : 0...16, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
    }

    private func set<T: Hashable>(_ random: inout SeededGenerator, _ element: (inout SeededGenerator) -> T) -> [T] {
        let elements = (0..<Int.random(in: storable ? 1...4 : 0...4, using: &random)).map { _ in element(&random) }
        return storable ? Array(Set(elements)) : elements
    }

    // MARK: - JSON text

    /// DynamoDB JSON for `item`, spelled at random: whitespace anywhere JSON allows it, and each character of each
    /// string written as itself or escaped (`\n`, `\u00e9`, `\ud83d\ude00`, `\/`).
    func json(_ item: Item, _ random: inout SeededGenerator) -> [UInt8] {
        var out = ""
        write(item, into: &out, &random)
        return Array(out.utf8)
    }

    private func write(_ item: Item, into out: inout String, _ random: inout SeededGenerator) {
        out += "{"
        for (index, (name, value)) in item.enumerated() {
            if index > 0 { out += "," }
            space(&out, &random)
            string(name, into: &out, &random)
            space(&out, &random)
            out += ":"
            write(value, into: &out, &random)
            space(&out, &random)
        }
        out += "}"
    }

    private func write(_ value: AttributeValue, into out: inout String, _ random: inout SeededGenerator) {
        space(&out, &random)
        out += "{"
        space(&out, &random)
        string(value.typeKey, into: &out, &random)
        out += ":"
        space(&out, &random)
        func array<T>(_ elements: [T], _ element: (T, inout String, inout SeededGenerator) -> Void) {
            out += "["
            for (index, value) in elements.enumerated() {
                if index > 0 { out += "," }
                space(&out, &random)
                element(value, &out, &random)
            }
            space(&out, &random)
            out += "]"
        }
        switch value {
        case .s(let text), .n(let text): string(text, into: &out, &random)
        case .b(let data): string(data.base64EncodedString(), into: &out, &random)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "true"
        case .ss(let texts), .ns(let texts): array(texts) { string($0, into: &$1, &$2) }
        case .bs(let blobs): array(blobs) { string($0.base64EncodedString(), into: &$1, &$2) }
        case .l(let list): array(list) { write($0, into: &$1, &$2) }
        case .m(let map): write(map, into: &out, &random)
        }
        space(&out, &random)
        out += "}"
    }

    private func space(_ out: inout String, _ random: inout SeededGenerator) {
        if random.chance(15) { out += random.pick([" ", "\n", "\t", "\r\n", "  "]) }
    }

    private func string(_ text: String, into out: inout String, _ random: inout SeededGenerator) {
        out += "\""
        for scalar in text.unicodeScalars {
            let escape = random.chance(20)
            switch scalar.value {
            case 0x22: out += escape ? "\\u0022" : "\\\""
            case 0x5C: out += escape ? "\\u005C" : "\\\\"
            case 0x2F: out += escape ? "\\/" : "/"
            case 0..<0x20: out += escape ? unicodeEscape(scalar.value, &random) : Self.shortEscapes[scalar.value] ?? unicodeEscape(scalar.value, &random)
            case 0x10000... where escape:
                let value = scalar.value - 0x10000
                out += unicodeEscape(0xD800 + (value >> 10), &random) + unicodeEscape(0xDC00 + (value & 0x3FF), &random)
            default:
                out += escape ? unicodeEscape(scalar.value, &random) : String(scalar)
            }
        }
        out += "\""
    }

    private static let shortEscapes: [UInt32: String] = [0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"]

    private func unicodeEscape(_ unit: UInt32, _ random: inout SeededGenerator) -> String {
        let hex = String(unit, radix: 16, uppercase: random.chance(50))
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
