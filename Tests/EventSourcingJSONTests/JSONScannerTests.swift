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

    @Test("skipping refuses what parsing refuses, at the same offset, on thousands of mutated documents")
    func skipAgreesWithParse() {
        let document = Array(#"{"a\u00e9": ["x\"y\\z\ud83d\ude00", -12.5e+3, 0, true, null, {"b": "é – ü", "c": [false, "\t\u0000"]}], "d": "plain text here"}"#.utf8)
        let bytes: [UInt8] = [0x22, 0x5C, 0x01, 0x1F, 0xC3, 0xFF, 0xED, 0x80, 0x30, 0x2E, 0x65, 0x2D, 0x2C, 0x3A, 0x7B, 0x7D, 0x5B, 0x5D, 0x75, 0x20]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var text = document
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<text.count, using: &generator)
                let byte = bytes.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: text[position] = byte
                case 1: text.insert(byte, at: position)
                default: text.remove(at: position)
                }
            }
            let parsed = Result { () throws(JSONError) in _ = try JSONParser().parse(text) }
            let skipped = Result { () throws(JSONError) in try JSONScanner.scan(text) { (scanner) throws(JSONError) in try scanner.skipValue() } }
            let shown = String(decoding: text, as: UTF8.self)
            switch (parsed, skipped) {
            case (.success, .success): break
            case (.failure(let parseError), .failure(let skipError)):
                #expect(parseError.offset == skipError.offset, "\(shown): \(parseError) / \(skipError)")
            case (.failure(let parseError), .success):
                // Only a key named twice is the parser's alone to refuse.
                #expect(parseError.reason.contains("appears twice"), "\(shown): skipped, but \(parseError)")
            case (.success, .failure(let skipError)):
                Issue.record("\(shown): parsed, but skipping refused it: \(skipError)")
            }
        }
    }

    @Test("a selection builds only the members it names, and checks the rest as strictly")
    func selecting() throws {
        let selection = JSONSelection.members(["a": .everything, "b": .members(["c": .everything]), "s": .members(["x": .everything])])
        let text = #"{"a": [1, {"k": "v"}], "b": {"c": "kept", "d": {"deep": [1, 2]}}, "e": "skipped", "s": "a string where an object was selected"}"#
        let value = try scan(text) { (scanner) throws(JSONError) in try scanner.value(selecting: selection) }
        #expect(value == .object([
            "a": .array([.number("1"), .object(["k": .string("v")])]), "b": .object(["c": .string("kept")]),
            "s": .string("a string where an object was selected"),
        ]))
        for broken in [#"{"e": "\x", "a": 1}"#, #"{"e": 01, "a": 1}"#, #"{"b": {"d": [1,]}}"#, "{\"e\": \"a\u{01}\"}", #"{"a": 1, "a": 2}"#, #"{"b": {"c": 1, "c": 1}}"#] {
            #expect(throws: JSONError.self, "\(broken)") { try scan(broken) { (scanner) throws(JSONError) in try scanner.value(selecting: selection) } }
        }
        // A key named twice is refused where it is built; where it is skipped, it is not looked at.
        #expect(try scan(#"{"e": 1, "e": 2}"#) { (scanner) throws(JSONError) in try scanner.value(selecting: selection) } == .object([:]))
    }

    @Test("keys are recognised by their bytes, escaped or not; other keys answer the count; a broken key is refused")
    func keysByBytes() throws {
        let keys = JSONKeys(["rawPath", "body", "é"])
        let text = #"{"body": 1, "r\u0061wPath": 2, "other": 3, "\u00e9": 4, "é": 5, "rawPat": 6}"#
        let seen = try scan(text) { (scanner) throws(JSONError) -> [Int] in
            var seen: [Int] = []
            try scanner.beginObject()
            var unknown: [String] = []
            while let index = try scanner.nextKey(in: keys) {
                seen.append(index)
                if index == keys.count { unknown.append(scanner.lastKey()) }
                try scanner.skipValue()
            }
            #expect(unknown == ["other", "rawPat"])
            return seen
        }
        #expect(seen == [1, 0, 3, 2, 2, 3])
        for broken in [#"{"a\x": 1}"#, "{\"a\u{01}\": 1}", #"{"a" 1}"#, #"{a: 1}"#, #"{"a"#] {
            #expect(throws: JSONError.self, "\(broken)") {
                try scan(broken) { (scanner) throws(JSONError) in
                    try scanner.beginObject()
                    while try scanner.nextKey(in: keys) != nil { try scanner.skipValue() }
                }
            }
        }
        #expect(throws: JSONError.self) { try JSONScanner.scan([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]) { (scanner) throws(JSONError) in
            try scanner.beginObject()
            while try scanner.nextKey(in: keys) != nil { try scanner.skipValue() }
        } }  // {"<invalid UTF-8>":1}
    }

    @Test("an array, a slice of one, and a collection with no contiguous storage are read alike, errors included")
    func entryPoints() throws {
        for text in [#"{"a": [1, "b"]}"#, #"{"a": 01}"#, #"[1] x"#] {
            let bytes = Array(text.utf8)
            let read = { (scanner: inout JSONScanner) throws(JSONError) -> JSON in try scanner.value() }
            let array = Result { () throws(JSONError) in try JSONScanner.scan(bytes, read) }
            let slice = Result { () throws(JSONError) in try JSONScanner.scan(bytes[...], read) }
            let lazy = Result { () throws(JSONError) in try JSONScanner.scan(bytes.lazy.map { $0 }, read) }
            #expect("\(array)" == "\(slice)" && "\(array)" == "\(lazy)", "\(text)")
        }
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
