import EventSourcingDynamoDBClient
import EventSourcingJSON
import Foundation
import Testing

@Suite("JSON and DynamoDB attribute values")
struct AttributeValueJSONTests {
    @Test("every JSON value maps to the attribute of its kind and back, numbers as their text")
    func roundTrip() {
        let json = JSON.object([
            "s": .string("é"), "n": .number("12345678901234567890.5"), "b": .bool(true), "z": .null,
            "l": .array([.number("-1"), .object(["k": .string("v")])]),
        ])
        let attribute = AttributeValue(json)
        #expect(attribute == .m(["s": .s("é"), "n": .n("12345678901234567890.5"), "b": .bool(true), "z": .null, "l": .l([.n("-1"), .m(["k": .s("v")])])]))
        #expect(JSON(attribute) == json)
    }

    @Test("what JSON has no kind for comes back readable: binary as base64, sets as arrays, numbers in JSON's grammar")
    func dynamoOnly() {
        #expect(JSON(.b(Data([0, 255]))) == .string("AP8="))
        #expect(JSON(.ss(["a", "b"])) == .array([.string("a"), .string("b")]))
        #expect(JSON(.ns(["1", "+2", ".5", "3."])) == .array([.number("1"), .number("2"), .number("0.5"), .number("3")]))
        #expect(JSON(.bs([Data([1])])) == .array([.string("AQ==")]))
    }

    @Test("number text is put in JSON's grammar, and text already in it is kept as it is", arguments: [
        ("0", "0"), ("42", "42"), ("-17", "-17"), ("1.5", "1.5"), ("-0.25", "-0.25"), ("1e5", "1e5"), ("2.5E-3", "2.5E-3"),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("+7", "7"), (".5", "0.5"), ("-.5", "-0.5"), ("5.", "5"), ("5.e3", "5e3"), ("+.5", "0.5"),
    ])
    func numbers(dynamoDB: String, json: String) {
        #expect(JSON(AttributeValue.n(dynamoDB)) == .number(json))
    }
}
