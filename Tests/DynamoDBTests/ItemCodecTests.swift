import DynamoDB
import Foundation
import Testing

private struct Everything: Codable, Equatable {
    enum Kind: String, Codable { case current, savings }
    struct Owner: Codable, Equatable {
        var id: String
        var tags: [String]
    }

    var text = "ü ✓ \"quoted\""
    var biggest = Int64.max
    var smallest = Int64.min
    var unsigned = UInt64.max
    var tiny: Int8 = -128
    var ratio = 0.1
    var flag = true
    var blob = Data([0, 1, 2, 255])
    var when = Date(timeIntervalSince1970: 1_795_769_297.123)
    var missing: String? = nil
    var present: Int? = 7
    var kind = Kind.savings
    var owner = Owner(id: "u-1", tags: ["a", "b"])
    var owners = [Owner(id: "u-2", tags: [])]
    var counts = ["x": 1, "y": 2]
    var raw = AttributeValue.ss(["p", "q"])
    var nested: [[Int]] = [[1, 2], [], [3]]
}

@Suite("DynamoDBItemEncoder and DynamoDBItemDecoder")
struct ItemCodecTests {
    @Test("every supported type round-trips exactly")
    func roundTrip() throws {
        let value = Everything()
        let item = try DynamoDBItemEncoder().encode(value)
        #expect(try DynamoDBItemDecoder().decode(Everything.self, from: item) == value)
    }

    @Test("the item uses DynamoDB's own types, with integers written exactly")
    func itemShape() throws {
        let item = try DynamoDBItemEncoder().encode(Everything())
        #expect(item["biggest"] == .n("9223372036854775807"))
        #expect(item["smallest"] == .n("-9223372036854775808"))
        #expect(item["unsigned"] == .n("18446744073709551615"))
        #expect(item["ratio"] == .n("0.1"))
        #expect(item["blob"] == .b(Data([0, 1, 2, 255])))
        #expect(item["when"] == .n("1795769297.123"))
        #expect(item["missing"] == nil)
        #expect(item["kind"] == .s("savings"))
        #expect(item["owner"] == .m(["id": .s("u-1"), "tags": .l([.s("a"), .s("b")])]))
        #expect(item["counts"] == .m(["x": .n("1"), "y": .n("2")]))
        #expect(item["raw"] == .ss(["p", "q"]))
        #expect(item["nested"] == .l([.l([.n("1"), .n("2")]), .l([]), .l([.n("3")])]))
    }

    @Test("numbers beyond 64 bits survive as AttributeValue, and sets decode as arrays")
    func setsAndBigNumbers() throws {
        struct Holder: Codable, Equatable { var big: AttributeValue; var names: [String]; var amounts: [Int] }
        let item: [String: AttributeValue] = ["big": .n("123456789012345678901234567890"), "names": .ss(["a"]), "amounts": .ns(["1", "-2"])]
        let decoded = try DynamoDBItemDecoder().decode(Holder.self, from: item)
        #expect(decoded == Holder(big: .n("123456789012345678901234567890"), names: ["a"], amounts: [1, -2]))
    }

    @Test("a non-finite number is an encoding error", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(number: Double) {
        struct Holder: Encodable { var number: Double }
        #expect(throws: EncodingError.self) { try DynamoDBItemEncoder().encode(Holder(number: number)) }
    }

    @Test("a value that is not a map cannot be an item")
    func notAMap() {
        #expect(throws: EncodingError.self) { try DynamoDBItemEncoder().encode([1, 2, 3]) }
        #expect(throws: EncodingError.self) { try DynamoDBItemEncoder().encode("text") }
    }

    @Test("decoding refuses what does not fit, and says where", arguments: [
        (["n": AttributeValue.n("1.5")], "n"),
        (["n": .n("99999999999999999999")], "n"),
        (["n": .s("1")], "n"),
        ([:], "n"),
    ])
    func mismatches(item: [String: AttributeValue], key: String) {
        struct Holder: Decodable { var n: Int }
        do {
            _ = try DynamoDBItemDecoder().decode(Holder.self, from: item)
            Issue.record("decoded \(item) into an Int")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.stringValue) == [key])
        } catch DecodingError.keyNotFound(let missing, _) {
            #expect(missing.stringValue == key)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("NULL decodes as nil, and an explicit nil encodes as NULL")
    func nulls() throws {
        struct Holder: Codable, Equatable {
            var value: String?
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(value, forKey: .value)
            }
        }
        let item = try DynamoDBItemEncoder().encode(Holder(value: nil))
        #expect(item == ["value": .null])
        #expect(try DynamoDBItemDecoder().decode(Holder.self, from: item) == Holder(value: nil))
    }
}
