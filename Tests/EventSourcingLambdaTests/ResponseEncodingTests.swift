import EventSourcingLambda
import Foundation
import Testing

@Suite("API Gateway responses")
struct ResponseEncodingTests {
    @Test("a UTF-8 body goes as text, anything else as base64", arguments: [
        (Array(#"{"ok":true}"#.utf8), #"{"ok":true}"#, false),
        ([0xFF, 0x00, 0x80], "/wCA", true),
    ])
    func bodies(bytes: [UInt8], body: String, base64: Bool) throws {
        let v2 = APIGatewayV2Response(statusCode: 200, headers: ["content-type": "application/json"], body: bytes)
        #expect(v2.body == body && v2.isBase64Encoded == base64)
        let v1 = APIGatewayResponse(statusCode: 200, body: bytes)
        #expect(v1.body == body && v1.isBase64Encoded == base64)
    }

    @Test("a 2.0 response without a body has no body key, and cookies go in their own list")
    func v2Shape() throws {
        let response = APIGatewayV2Response(statusCode: 204, cookies: ["a=b; Secure"])
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(response)) as! [String: Any]
        #expect(object["body"] == nil)
        #expect(object["cookies"] as? [String] == ["a=b; Secure"])
        #expect(object["statusCode"] as? Int == 204)
    }
}
