import EventSourcingJSON
import Testing

private func parse(_ text: String) throws(JSONError) -> JSON { try JSONParser().parse(Array(text.utf8)) }

@Suite("JSONParser: strict RFC 8259, numbers as text, no duplicate keys")
struct JSONParserTests {
    @Test("every kind of value, with numbers kept exactly as written")
    func values() throws {
        let value = try parse(#" {"a": [1, -0.5, 1.0000000000000001, 12345678901234567890123, 1E+3], "b": {"c": null, "d": true, "e": false}, "s": "x"} "#)
        #expect(value == .object([
            "a": .array([.number("1"), .number("-0.5"), .number("1.0000000000000001"), .number("12345678901234567890123"), .number("1E+3")]),
            "b": .object(["c": .null, "d": .bool(true), "e": .bool(false)]),
            "s": .string("x"),
        ]))
    }

    @Test("escapes are unescaped exactly: surrogate pairs, \\u0000, every short escape")
    func escapes() throws {
        #expect(try parse(#""\ud83d\ude00 \u0000 \" \\ \/ \b \f \n \r \t \u00e9""#) == .string("😀 \u{0} \" \\ / \u{08} \u{0C} \n \r \t é"))
        #expect(try parse(#""plain é and \n after""#) == .string("plain é and \n after"))
    }

    @Test("a key named twice is refused, naming the key")
    func duplicateKeys() {
        #expect(throws: JSONError.self) { try parse(#"{"amount":1,"amount":7}"#) }
        do {
            _ = try parse(#"{"a":{"amount":1,"amount":1}}"#)
            Issue.record("accepted a duplicate key")
        } catch {
            #expect(error.reason.contains("\"amount\" appears twice"))
        }
    }

    @Test("malformed input is a JSONError, never a crash", arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "-", "1.", ".5", "+1", "1e", "1e+", "NaN",
        "Infinity", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"a\u{01}b\"", "[1] [2]", "{} x", "'a'", "[\"\\u\"]",
    ])
    func malformed(text: String) {
        #expect(throws: JSONError.self) { try parse(text) }
    }

    @Test("invalid UTF-8 inside a string is refused, not replaced")
    func invalidUTF8() {
        #expect(throws: JSONError.self) { try JSONParser().parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONError.self) { try JSONParser().parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test("nesting deeper than the limit is refused before the stack runs out")
    func depth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try parse(fine) != .null)
    }
}
