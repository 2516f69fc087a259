import LocalEnvironment
import LoopbackHTTP
import Testing

@Suite("A function's outcome becomes the HTTP answer API Gateway would give")
struct GatewayResponseTests {
    private func answer(_ json: String) -> GatewayResponse { GatewayResponse(.response(Array(json.utf8))) }

    @Test("a structured response: its status, headers, cookies and body")
    func structured() {
        let response = answer(#"{"statusCode": 201, "headers": {"ETag": "\"1\"", "Content-Type": "application/json"}, "cookies": ["a=1", "b=2"], "body": "{\"id\":1}"}"#)
        #expect(response.status == 201 && response.body == Array(#"{"id":1}"#.utf8) && response.problem == nil)
        #expect(response.headers["ETag"] == "\"1\"" && response.headers.filter { $0.name == "Set-Cookie" }.map(\.value) == ["a=1", "b=2"])
    }

    @Test("a base64 body is decoded; a bad one is a 500")
    func base64() {
        #expect(answer(#"{"statusCode": 200, "body": "/wD+", "isBase64Encoded": true}"#).body == [0xff, 0x00, 0xfe])
        let bad = answer(#"{"statusCode": 200, "body": "***", "isBase64Encoded": true}"#)
        #expect(bad.status == 500 && bad.problem?.contains("base64") == true)
    }

    @Test("JSON without statusCode is a 200 with that JSON as the body")
    func plainJSON() {
        for json in [#"{"hello": "world"}"#, "[1, 2]", #""text""#, "42"] {
            let response = answer(json)
            #expect(response.status == 200 && response.body == Array(json.utf8) && response.headers["Content-Type"] == "application/json")
        }
    }

    @Test("what is not a valid response is API Gateway's 500, with the reason for the log only")
    func invalid() {
        let cases: [(GatewayResponse, String)] = [
            (answer("not json"), "not JSON"),
            (answer(#"{"statusCode": "two hundred"}"#), "invalid statusCode"),
            (answer(#"{"statusCode": 99}"#), "invalid statusCode"),
            (answer(#"{"statusCode": 200, "headers": {"X": "a\r\nSet-Cookie: evil=1"}}"#), "line break"),
            (GatewayResponse(.error(type: "Function.Crash", body: Array("{}".utf8))), "Function.Crash"),
            (GatewayResponse(.timedOut), "timed out"),
            (GatewayResponse(.responseTooLarge(size: 7_000_000)), "7000000 bytes"),
        ]
        for (response, reason) in cases {
            #expect(response.status == 500 && response.body == Array(#"{"message":"Internal Server Error"}"#.utf8))
            #expect(response.problem?.contains(reason) == true, "\(reason): \(response)")
        }
        #expect(GatewayResponse(.serverStopped).status == 503)
    }

    @Test("a Content-Length from the function is not passed on (the front sets its own)")
    func contentLength() {
        let response = answer(#"{"statusCode": 200, "headers": {"Content-Length": "999"}, "body": "ok"}"#)
        #expect(response.headers["Content-Length"] == nil && response.body == Array("ok".utf8))
    }
}
