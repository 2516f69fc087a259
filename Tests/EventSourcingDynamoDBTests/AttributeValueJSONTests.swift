import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
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
}
