import EventSourcingJSON
import Testing

private func scan<T>(_ text: String, _ body: (inout JSONScanner) throws(JSONError) -> T) throws(JSONError) -> T {
    try JSONScanner.scan(Array(text.utf8), body)
}

@Suite("JSONScanner: a decoder drives it token by token, as strictly as JSONParser")
struct JSONScannerTests {
    @Test("members and elements come in order, each value read as the kind the caller expects")
    func drivesObjectsAndArrays() throws {
        let text = #" {"name": "a\u00e9\n", "n": -1.5e3, "flags": [true, false, null], "empty": {}, "none": []} "#
        let read = try scan(text) { (scanner) throws(JSONError) -> [String] in
            var seen: [String] = []
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                switch key {
                case "name": seen.append("name=\(try scanner.string())")
                case "n": seen.append("n=\(try scanner.numberText())")
                case "flags":
                    try scanner.beginArray()
                    while try scanner.nextElement() {
                        if try scanner.peekKind() == .null {
                            try scanner.null()
                            seen.append("null")
                        } else {
                            seen.append(String(try scanner.bool()))
                        }
                    }
                default:
                    try scanner.skipValue()
                    seen.append("skipped \(key)")
                }
            }
            return seen
        }
        #expect(read == ["name=a\u{e9}\n", "n=-1.5e3", "true", "false", "null", "skipped empty", "skipped none"])
    }

    @Test("a value of another kind than the one asked for is an error at its offset", arguments: [
        (#"1"#, "string"), (#""1""#, "number"), (#"null"#, "bool"), (#"[]"#, "object"), (#"{}"#, "array"), (#"false"#, "null"),
    ])
    func wrongKind(text: String, asked: String) {
        do {
            try scan(text) { (scanner) throws(JSONError) in
                switch asked {
                case "string": _ = try scanner.string()
                case "number": _ = try scanner.numberText()
                case "bool": _ = try scanner.bool()
                case "object": try scanner.beginObject()
                case "array": try scanner.beginArray()
                default: try scanner.null()
                }
            }
            Issue.record("read \(text) as \(asked)")
        } catch {
            #expect(error.offset == 0)
        }
    }

    @Test("skipping checks what it skips", arguments: [#"[{"a": 01}]"#, #"[{"a" 1}]"#, #"["\x"]"#, #"[1,]"#, #"{"a":1,}"#, #"[1 2]"#])
    func skipChecks(text: String) {
        #expect(throws: JSONError.self) { try scan(text) { (scanner) throws(JSONError) in try scanner.skipValue() } }
    }

    @Test("text after the value the caller read is refused")
    func trailingText() {
        #expect(throws: JSONError.self) { try scan(#"{} {}"#) { (scanner) throws(JSONError) in try scanner.skipValue() } }
        #expect(throws: JSONError.self) { try scan(#""a" x"#) { (scanner) throws(JSONError) in _ = try scanner.string() } }
    }

    @Test("nesting deeper than maxDepth is refused")
    func depth() throws {
        let deep = String(repeating: "[", count: 5) + String(repeating: "]", count: 5)
        #expect(throws: JSONError.self) {
            try JSONScanner.scan(Array(deep.utf8), maxDepth: 4) { (scanner) throws(JSONError) in try scanner.skipValue() }
        }
        try JSONScanner.scan(Array(deep.utf8), maxDepth: 5) { (scanner) throws(JSONError) in try scanner.skipValue() }
    }
}
