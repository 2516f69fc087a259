import EventSourcingLocalEnvironment
import EventSourcingLocalRuntimeAPI
import EventSourcingLoopbackHTTP
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

    @Test("a streamed HTTP response: the prelude's status, headers and cookies, and the bytes after its 8 NULs")
    func streamedWithPrelude() {
        let prelude = #"{"statusCode": 201, "headers": {"content-type": "text/plain", "Transfer-Encoding": "gzip"}, "cookies": ["c=1"]}"#
        let stream = StreamedResponse(
            contentType: GatewayResponse.httpIntegration,
            chunks: [Array(prelude.utf8), [0, 0, 0, 0], [0, 0, 0, 0] + Array("he".utf8), Array("llo".utf8)])
        let response = GatewayResponse(.streamed(stream))
        #expect(response.status == 201 && response.body == Array("hello".utf8) && response.problem == nil)
        #expect(response.headers["content-type"] == "text/plain" && response.headers["Set-Cookie"] == "c=1")
        #expect(response.headers["Transfer-Encoding"] == nil)
    }

    @Test("a stream without a prelude is a 200 octet-stream body; an error after its first byte, or a bad prelude, is a 500")
    func streamedOtherwise() {
        let plain = GatewayResponse(.streamed(StreamedResponse(contentType: "application/octet-stream", chunks: [[1], [2]])))
        #expect(plain.status == 200 && plain.body == [1, 2] && plain.headers["Content-Type"] == "application/octet-stream")
        let failed = GatewayResponse(.streamed(StreamedResponse(
            contentType: nil, chunks: [[1]], failure: .init(type: "Function.Late", body: Array("{}".utf8)))))
        #expect(failed.status == 500 && failed.problem?.contains("Function.Late") == true)
        for bytes in [Array("{}".utf8), Array("not json".utf8) + [UInt8](repeating: 0, count: 8), Array(#"{"statusCode": 42}"#.utf8) + [UInt8](repeating: 0, count: 8)] {
            let bad = GatewayResponse(.streamed(StreamedResponse(contentType: GatewayResponse.httpIntegration, chunks: [bytes])))
            #expect(bad.status == 500 && bad.problem?.contains("no valid HTTP prelude") == true)
        }
    }
}
