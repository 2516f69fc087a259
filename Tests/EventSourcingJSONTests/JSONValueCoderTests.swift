import EventSourcingJSON
import Foundation
import Testing

private struct Everything: Codable, Equatable {
    enum Kind: String, Codable { case a, b }
    struct Line: Codable, Equatable { var sku: String; var quantity: Int }
    var text = "é \" \n"
    var flag = true
    var int64 = Int64.max
    var uint64 = UInt64.max
    var small: Int8 = -128
    var double = 0.1
    var optional: String? = nil
    var present: String? = "here"
    var kind = Kind.b
    var lines = [Line(sku: "x", quantity: 2)]
    var map = ["k": 1]
    var data = Data([0, 1, 255])
    var date = Date(timeIntervalSince1970: 1_795_769_297.123)
    var json = JSON.object(["any": .array([.null])])
}

@Suite("JSONValueEncoder and JSONValueDecoder: Codable values as JSON, exactly")
struct JSONValueCoderTests {
    @Test("every kind of value round-trips, integers exactly, optionals left out")
    func roundTrip() throws {
        let value = Everything()
        let json = try JSONValueEncoder().encode(value)
        let members = try #require(json.objectValue)
        #expect(members["int64"] == .number("9223372036854775807") && members["uint64"] == .number("18446744073709551615"))
        #expect(members["optional"] == nil && members["data"] == .string("AAH/") && members["date"] == .number("1795769297.123"))
        #expect(try JSONValueDecoder().decode(Everything.self, from: json) == value)
        #expect(try JSONValueDecoder(rejectsUnknownKeys: true).decode(Everything.self, from: json) == value)
    }

    @Test("a number with a fraction, or out of range, is never truncated into an integer")
    func integersAreExact() throws {
        struct Amount: Codable { var cents: Int64 }
        #expect(try JSONValueDecoder().decode(Amount.self, from: .object(["cents": .number("100.0")])).cents == 100)
        for text in ["1.0000000000000001", "1e400", "0.5"] {
            #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Amount.self, from: .object(["cents": .number(text)])) }
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int8.self, from: .number("128")) }
    }

    @Test("an unknown member is refused by path when asked, ignored otherwise")
    func unknownKeys() throws {
        struct Line: Codable { var sku: String }
        struct Order: Codable { var lines: [Line]; var note: String? }
        let json = JSON.object(["lines": .array([.object(["sku": .string("a"), "qty": .number("1")])])])
        #expect(throws: JSONDecodingError.unknownKey(path: ["lines", "0", "qty"])) {
            try JSONValueDecoder(rejectsUnknownKeys: true).decode(Order.self, from: json)
        }
        #expect(try JSONValueDecoder().decode(Order.self, from: json).lines.first?.sku == "a")
        // A dictionary asks for every key it holds.
        #expect(try JSONValueDecoder(rejectsUnknownKeys: true).decode([String: Int].self, from: .object(["a": .number("1")])) == ["a": 1])
    }

    @Test("non-finite numbers cannot be encoded")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Double.nan) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.infinity]) }
    }
}

@Suite("ISO8601Text and ordered bodies")
struct ISO8601TextTests {
    @Test("dates as ISO 8601 text agree with Foundation's formatter, before and after 1970, in leap years")
    func agreesWithFoundation() {
        for milliseconds: Int64 in [0, 1, 999, 951_782_400_000, 1_795_769_297_123, -1, -86_400_001, 4_107_542_399_999, 68_169_600_000] {
            // Half a millisecond later: Foundation truncates, and 0.999 s is not exact in binary.
            let date = Date(timeIntervalSince1970: (Double(milliseconds) + 0.5) / 1000)
            #expect(ISO8601Text.milliseconds(milliseconds) == date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), "\(milliseconds)")
        }
    }

    @Test("a body is written with members in declaration order, dates as ISO 8601")
    func orderedBody() throws {
        struct Summary: Encodable { var id = "a"; var owner = "ann"; var balance: Int64 = 5; var at = Date(timeIntervalSince1970: 1) }
        let bytes = try JSONValueEncoder(dates: .iso8601).encodeBytes(Summary())
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"id":"a","owner":"ann","balance":5,"at":"1970-01-01T00:00:01.000Z"}"#)
    }
}
