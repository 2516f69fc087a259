import EventSourcingDynamoDBClient
import EventSourcingJSON
import Foundation
import Testing

/// What a decoder made of some bytes: an item, or a refusal of the JSON text itself (syntax) or of what it holds
/// (shape: valid JSON that is not an item).
private enum Outcome: Equatable, CustomStringConvertible {
    case item(Item)
    case syntaxRefused
    case shapeRefused

    var description: String {
        switch self {
        case .item(let item): "item \(item)"
        case .syntaxRefused: "refused as JSON"
        case .shapeRefused: "refused as an item"
        }
    }
}

/// The decoder the client used before: `JSONDecoder` and `AttributeValue`'s `Decodable` conformance.
private func codable(_ bytes: [UInt8]) -> Outcome {
    do {
        return .item(try JSONDecoder().decode(Item.self, from: Data(bytes)))
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
        return .syntaxRefused
    } catch {
        return .shapeRefused
    }
}

/// The wire decoder, its refusals classed by whether the strict parser takes the text as JSON.
private func wire(_ bytes: [UInt8]) -> Outcome {
    do {
        return .item(try DynamoDBJSON.decode(Item.self, from: bytes))
    } catch {
        return (try? JSONParser().parse(bytes)) == nil ? .syntaxRefused : .shapeRefused
    }
}

private let seeds: [UInt64] = Array(1...8)

/// Lets other tests' tasks run every 20 cases: the fuzzing is CPU work (one case at a time, `.serialized`), and other
/// suites have deadlines.
private func yieldNowAndThen(_ index: Int) async {
    if index % 20 == 0 { await Task.yield() }
}

/// The wire decoder straight into `JSON` (`JSONItem`, what the stores read pages into): it must give
/// `JSON.attributes` of the item the wire decoder reads, and refuse what that refuses.
private func expectSameAsJSON(_ bytes: [UInt8], _ outcome: Outcome, _ context: @autoclosure () -> String) {
    let direct = try? DynamoDBJSON.decode(JSONItem.self, from: bytes)
    if case .item(let item) = outcome {
        #expect(direct?.attributes == JSON.attributes(item), "\(context())")
    } else {
        #expect(direct == nil, "read into JSON, refused as an item: \(context())")
    }
}

@Suite("The wire decoder agrees with the Codable one, on random items and on mutated bytes; read straight into JSON, with the item decoder", .serialized)
struct WireFormatFuzzTests {
    @Test("random items of every type, spelled every way JSON allows, decode to the item both ways, and into its JSON", arguments: seeds)
    func randomItems(seed: UInt64) async {
        var random = SeededGenerator(seed: seed)
        let items = RandomItems()
        for index in 0..<200 {
            await yieldNowAndThen(index)
            let item = items.item(&random)
            let bytes = items.json(item, &random)
            let expected = Outcome.item(item)
            #expect(wire(bytes) == expected, "seed \(seed) case \(index): \(String(decoding: bytes, as: UTF8.self))")
            #expect(codable(bytes) == expected, "seed \(seed) case \(index): \(String(decoding: bytes, as: UTF8.self))")
            expectSameAsJSON(bytes, expected, "seed \(seed) case \(index): \(String(decoding: bytes, as: UTF8.self))")
            // What the client sends reads back through Codable as the same item.
            #expect(codable(DynamoDBJSON.encode(item)) == expected, "seed \(seed) case \(index)")
        }
    }

    @Test("mutated bytes: the same item or a refusal by both, except where Codable reads what is not JSON", arguments: seeds)
    func mutatedBytes(seed: UInt64) async {
        var random = SeededGenerator(seed: seed)
        let items = RandomItems()
        var seen: [Agreement: Int] = [:]
        for index in 0..<1500 {
            await yieldNowAndThen(index)
            var bytes = items.json(items.item(&random, attributes: 1...4), &random)
            for _ in 0..<Int.random(in: 1...3, using: &random) { ByteMutation.apply(to: &bytes, &random) }
            seen[compare(bytes, "seed \(seed) case \(index)"), default: 0] += 1
        }
        // The mutations reached every outcome, so the comparisons above were not vacuous.
        #expect(seen[.sameItem, default: 0] > 0 && seen[.bothRefusedJSON, default: 0] > 0 && seen[.bothRefusedItem, default: 0] > 0, "\(seen)")
    }

    @Test("mutated shapes (valid JSON, attribute values of the wrong form): accepted and refused alike", arguments: seeds)
    func mutatedShapes(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let items = RandomItems()
        var seen: [Agreement: Int] = [:]
        for index in 0..<600 {
            await yieldNowAndThen(index)
            let bytes = items.json(items.item(&random, attributes: 1...4), &random)
            let mutated = ShapeMutation.apply(to: try JSONParser().parse(bytes), &random)
            seen[compare(JSONWriter.bytes(mutated), "seed \(seed) case \(index)"), default: 0] += 1
        }
        #expect(seen[.sameItem, default: 0] > 0 && seen[.bothRefusedItem, default: 0] > 0, "\(seen)")
    }

    /// Both decoders read the same item or both refuse; where only Codable reads the bytes, the text is not JSON
    /// (a trailing comma, a key named twice: `JSONDecoder` lets those through). Read into JSON, the same.
    @discardableResult
    private func compare(_ bytes: [UInt8], _ context: String) -> Agreement {
        let old = codable(bytes), new = wire(bytes)
        let text = "\(context): \(String(decoding: bytes, as: UTF8.self).debugDescription)"
        expectSameAsJSON(bytes, new, text)
        switch (old, new) {
        case (.item(let read), .item(let wireRead)):
            #expect(read == wireRead, "\(text)")
            return .sameItem
        case (.item, _):
            #expect(new == .syntaxRefused && Leniency.of(bytes) != nil, "only Codable read \(text)")
            return .onlyCodableRead
        case (_, .item):
            Issue.record("only the wire decoder read \(text)")
            return .onlyWireRead
        case (_, .shapeRefused):
            // Valid JSON that is not an item: Codable must not have taken it for broken JSON.
            #expect(old == .shapeRefused, "\(text)")
            return .bothRefusedItem
        default:
            // Broken JSON, refused by both (Codable finds a broken string only when it reads it, so its refusal may
            // name a path).
            return .bothRefusedJSON
        }
    }
}

/// How the two decoders' outcomes on the same bytes compared.
private enum Agreement: Hashable {
    case sameItem, bothRefusedJSON, bothRefusedItem, onlyCodableRead, onlyWireRead
}

/// What `JSONDecoder` accepts that is not JSON: a comma before `}` or `]`, or a key named twice in an object.
private enum Leniency {
    case trailingComma, duplicateKey

    static func of(_ bytes: [UInt8]) -> Leniency? {
        do {
            _ = try JSONParser().parse(bytes)
            return nil
        } catch {
            if error.reason.contains("appears twice") { return .duplicateKey }
            guard error.offset < bytes.count, [UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[error.offset]) else { return nil }
            let before = bytes[..<error.offset].last { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            return before == UInt8(ascii: ",") ? .trailingComma : nil
        }
    }
}

/// Damage that keeps the JSON valid: an attribute value's type key renamed, its value replaced by one of another
/// kind or an invalid number or base64, a second type key added, the key removed.
private enum ShapeMutation {
    static func apply(to json: JSON, _ random: inout SeededGenerator) -> JSON {
        guard case .object(var members) = json, let name = members.keys.sorted().randomElement(using: &random) else { return json }
        members[name] = mutateValue(members[name]!, &random)
        return .object(members)
    }

    /// `value` is an attribute value (`{"S": …}`): change it, or something inside it.
    private static func mutateValue(_ value: JSON, _ random: inout SeededGenerator) -> JSON {
        guard case .object(var members) = value, let (type, inner) = members.first else { return value }
        if random.chance(30) {
            switch inner {
            case .object(let map) where type == "M" && !map.isEmpty:
                members[type] = apply(to: inner, &random)
                return .object(members)
            case .array(var list) where type == "L" && !list.isEmpty:
                let at = Int.random(in: 0..<list.count, using: &random)
                list[at] = mutateValue(list[at], &random)
                members[type] = .array(list)
                return .object(members)
            default: break
            }
        }
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            members[type] = nil
            members[random.pick(["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M", "X", "s", ""])] = inner
        case 1: members[type] = random.pick(Self.replacements)
        case 2: members[random.pick(["S", "N", "BOOL", "extra"])] = .string("1")
        case 3: members = [:]
        default:
            members[type] = switch inner {
            case .array(var list) where !list.isEmpty:
                { list[Int.random(in: 0..<list.count, using: &random)] = random.pick(Self.replacements); return .array(list) }()
            default: random.pick(Self.replacements)
            }
        }
        return .object(members)
    }

    /// Values of every kind, and strings that are neither numbers nor base64.
    private static let replacements: [JSON] = [
        .null, .bool(true), .bool(false), .number("1"), .number("-0.5e3"), .string(""), .string("1"), .string("1e"),
        .string("NaN"), .string("12.5"), .string("AAEC"), .string("AAE"), .string("%%%"), .string("true"), .array([]),
        .array([.string("a")]), .array([.number("1")]), .object([:]), .object(["S": .string("x")]),
    ]
}

/// Byte-level damage: a byte replaced, dropped, inserted or swapped, a slice repeated, the end cut off.
private enum ByteMutation {
    private static let interesting = Array(#"{}[]":,\ 0123456789-+.eEtrufalsnNSMLB"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]

    static func apply(to bytes: inout [UInt8], _ random: inout SeededGenerator) {
        guard !bytes.isEmpty else { return }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes[at] = random.pick(interesting)
        case 1: bytes.remove(at: at)
        case 2: bytes.insert(random.pick(interesting), at: at)
        case 3: bytes.swapAt(at, Int.random(in: 0..<bytes.count, using: &random))
        case 4:
            let end = min(bytes.count, at + Int.random(in: 1...12, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        default: bytes.removeSubrange(at...)
        }
    }
}
