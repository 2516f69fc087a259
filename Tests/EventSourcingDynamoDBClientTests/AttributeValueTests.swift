import EventSourcingDynamoDBClient
import EventSourcingJSON
import Foundation
import Testing

@Suite("AttributeValue decoding (Codable and wire) rejects what DynamoDB would")
struct AttributeValueTests {
    @Test("malformed attribute values are clear decoding errors", arguments: [
        #"{}"#,
        #"{"S": "a", "N": "1"}"#,
        #"{"X": "a"}"#,
        #"{"N": "twelve"}"#,
        #"{"NS": ["1", "1.2.3"]}"#,
        #"{"NULL": false}"#,
        #"{"B": "not base64!"}"#,
        #"{"BOOL": "yes"}"#,
    ])
    func malformed(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8)) }
        #expect(throws: JSONError.self) { try DynamoDBJSON.decode(AttributeValue.self, from: Array(json.utf8)) }
    }

    @Test("numbers are validated as decimal text and never converted on the way through", arguments: [
        ("0", true), ("-12", true), ("3.25", true), (".5", true), ("1E+3", true), ("-2e-7", true),
        ("", false), ("-", false), ("1.", true), ("1..2", false), ("1e", false), ("0x10", false), ("NaN", false),
        ("+5", true), ("1e+", false), ("1e5x", false), ("--1", false), ("é", false), ("12e+05", true),
    ])
    func decimalText(text: String, valid: Bool) {
        #expect(DecimalText.isValid(text) == valid)
    }

    @Test("sequence numbers compare as integers of any length")
    func sequenceNumbers() {
        #expect(DecimalText.compareUnsignedIntegers("9", "10"))
        #expect(!DecimalText.compareUnsignedIntegers("10", "9"))
        #expect(DecimalText.compareUnsignedIntegers("000123", "124"))
        #expect(!DecimalText.compareUnsignedIntegers("5", "5"))
        #expect(DecimalText.compareUnsignedIntegers("99999999999999999999999999", "100000000000000000000000000"))
    }
}
