import EventSourcingJSON
import Testing

@Suite("JSONWriter: compact JSON, members in order, strings escaped")
struct JSONWriterTests {
    @Test("members come out in the order written, with commas in the right places")
    func ordered() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id"); writer.string("acc-1")
        writer.key("events"); writer.beginArray(); writer.string("A"); writer.string("B"); writer.endArray()
        writer.key("empty"); writer.beginObject(); writer.endObject()
        writer.key("n"); writer.number(-3)
        writer.key("x"); writer.null()
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"id":"acc-1","events":["A","B"],"empty":{},"n":-3,"x":null}"#)
    }

    @Test("strings are escaped so that they parse back to themselves")
    func escaping() throws {
        let text = "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{07} é 😀"
        #expect(JSONWriter.quoted(text) == #""quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 é 😀""#)
        #expect(try JSONParser().parse(Array(JSONWriter.quoted(text).utf8)) == .string(text))
    }

    @Test("commas stay right in deeply nested containers, on the way in and back out", arguments: [1, 2, 65, 100])
    func deepNesting(depth: Int) throws {
        // Each level: an array holding a number, the next level, then another number: [0,[1,…,1],0]
        var value = JSON.array([])
        for level in (0..<depth).reversed() {
            value = .array([.number("\(level)"), value, .number("\(level)")])
        }
        let bytes = JSONWriter.bytes(value)
        var expected = ""
        for level in 0..<depth { expected += "[\(level)," }
        expected += "[]"
        for level in (0..<depth).reversed() { expected += ",\(level)]" }
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(try JSONParser().parse(bytes) == value)
    }

    @Test("a value written canonically parses back equal, for random values", arguments: 0..<200)
    func roundTrip(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        let value = randomJSON(depth: 0, using: &generator)
        let bytes = JSONWriter.bytes(value)
        #expect(try JSONParser().parse(bytes) == value)
        #expect(JSONWriter.bytes(try JSONParser().parse(bytes)) == bytes, "canonical bytes are stable")
    }
}

/// A small deterministic generator, so that a failing seed can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomJSON(depth: Int, using generator: inout SeededGenerator) -> JSON {
    let scalars: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "😀", "\u{FFFF}", " "]
    func text() -> String {
        String(String.UnicodeScalarView((0..<Int.random(in: 0...6, using: &generator)).map { _ in scalars.randomElement(using: &generator)! }))
    }
    switch Int.random(in: 0...(depth > 3 ? 4 : 6), using: &generator) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2: return .number(["0", "-1", "3.25", "1e10", "12345678901234567890", "-0.000001E-5"].randomElement(using: &generator)!)
    case 3, 4: return .string(text())
    case 5: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomJSON(depth: depth + 1, using: &generator) })
    default:
        var members: [String: JSON] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &generator) { members[text()] = randomJSON(depth: depth + 1, using: &generator) }
        return .object(members)
    }
}
