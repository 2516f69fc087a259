import Foundation
@testable import LambdaRuntime
import Testing

@Suite("JSON text escaping, for log lines and error bodies")
struct JSONTextTests {
    @Test("quotes, backslashes and control characters are escaped; everything else, non-ASCII included, stays as it is")
    func escapes() {
        #expect(JSONText.escape("a\"b\\c\nd\re\tf\u{01}g\u{1F}h\u{7F}é€😀") == #"a\"b\\c\nd\re\tf\u0001g\u001fh"# + "\u{7F}é€😀")
        #expect(JSONText.escape("req-1234 /accounts/acc-1 200") == "req-1234 /accounts/acc-1 200")
        #expect(JSONText.escape("") == "")
        var line = Array("kept ".utf8)
        JSONText.escape("a\"b", into: &line)
        JSONText.escape(" plain", into: &line)
        #expect(line == Array(#"kept a\"b plain"#.utf8))
    }

    @Test("every string of every control character, escaped, parses back to itself as JSON")
    func roundTrips() throws {
        let text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "é€😀\"\\"
        let document = Data(#"["\#(JSONText.escape(text))"]"#.utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: document) as? [String])
        #expect(parsed == [text])
    }
}
