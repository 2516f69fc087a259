@testable import EventSourcingDynamoDBClient
import Foundation
import Testing

/// The AWS Signature Version 4 test suite (2015-08-30): its credentials, time, region and service.
private let suiteCredentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
private let suiteToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

struct SuiteCase: Sendable, CustomTestStringConvertible {
    var name: String
    var headers: [(name: String, value: String)] = []
    var query: [(name: String, value: String)] = []
    var body = ""
    var token: String?
    var signedHeaders: String
    var signature: String
    var testDescription: String { name }
}

private let suite: [SuiteCase] = [
    SuiteCase(name: "post-vanilla", signedHeaders: "host;x-amz-date",
              signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    SuiteCase(name: "post-header-key-sort", headers: [("My-Header1", "value1")], signedHeaders: "host;my-header1;x-amz-date",
              signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
    SuiteCase(name: "post-header-value-case", headers: [("My-Header1", "VALUE1")], signedHeaders: "host;my-header1;x-amz-date",
              signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
    SuiteCase(name: "post-vanilla-query", query: [("Param1", "value1")], signedHeaders: "host;x-amz-date",
              signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
    SuiteCase(name: "post-x-www-form-urlencoded", headers: [("Content-Type", "application/x-www-form-urlencoded")],
              body: "Param1=value1", signedHeaders: "content-type;host;x-amz-date",
              signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    SuiteCase(name: "post-x-www-form-urlencoded-parameters", headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf8")],
              body: "Param1=value1", signedHeaders: "content-type;host;x-amz-date",
              signature: "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
    SuiteCase(name: "post-sts-header-before", token: suiteToken, signedHeaders: "host;x-amz-date;x-amz-security-token",
              signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
]

@Suite("SigV4Signer")
struct SigV4SignerTests {
    @Test("matches the AWS Signature Version 4 test suite's POST cases", arguments: suite)
    func testSuite(_ vector: SuiteCase) {
        var credentials = suiteCredentials
        credentials.sessionToken = vector.token
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        var request = SignableRequest(
            method: "POST", path: "/", query: vector.query,
            headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")] + vector.headers,
            body: Array(vector.body.utf8))
        signer.sign(&request)
        #expect(request.header("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=\(vector.signedHeaders), Signature=\(vector.signature)")
        #expect(request.header("X-Amz-Security-Token") == vector.token)
    }

    @Test("matches botocore's signer for DynamoDB requests", arguments: [nil, "FwoGZXIvYXdzEXAMPLE//token+with/slashes=="])
    func botocore(token: String?) throws {
        let credentials = AWSCredentials(accessKeyID: "AKIAEXAMPLE123", secretAccessKey: "secret/with+chars", sessionToken: token)
        let body = #"{"TableName":"events","Key":{"pk":{"S":"account#acc-1"},"sk":{"N":"1"}},"ConsistentRead":true}"#
        let headers = [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.GetItem")]
        for (host, url) in [("dynamodb.eu-west-1.amazonaws.com", "https://dynamodb.eu-west-1.amazonaws.com/"), ("127.0.0.1:5123", "http://127.0.0.1:5123/")] {
            let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "dynamodb")
            var request = SignableRequest(method: "POST", headers: [("Host", host)] + headers, body: Array(body.utf8))
            signer.sign(&request, at: AWSDate(secondsSince1970: 1_795_769_297))
            let reference = try botocoreAuthorization(
                url: url, headers: Dictionary(uniqueKeysWithValues: headers), body: body, credentials: credentials,
                region: "eu-west-1", service: "dynamodb", timestamp: "20261127T084817Z")
            #expect(request.header("Authorization") == reference)
            #expect(request.header("X-Amz-Date") == "20261127T084817Z")
        }
    }

    @Test("dates as SigV4 writes them: every field zero-padded, the day its first eight characters")
    func dates() {
        #expect(AWSDate(secondsSince1970: 1_440_938_160).timestamp == "20150830T123600Z")
        #expect(AWSDate(secondsSince1970: 1_441_069_509).timestamp == "20150901T010509Z")
        #expect(AWSDate(secondsSince1970: 1_441_069_509).day == "20150901")
        #expect(AWSDate(secondsSince1970: 0).timestamp == "19700101T000000Z")
    }

    @Test("canonical headers: names lower-cased and sorted, values trimmed with runs of spaces folded, a repeated name's values joined in the order sent")
    func canonicalHeaders() {
        let request = SignableRequest(method: "POST", headers: [
            ("X-Amz-Date", "20150830T123600Z"), ("My-Header1", "value4"), ("Host", "example.amazonaws.com"),
            ("my-header1", "  value1   and  two "), ("MY-HEADER1", "value3"), ("My-Header2", "\"a   b   c\""),
        ])
        let (canonical, signedHeaders) = SigV4Signer.canonicalRequest(request)
        #expect(String(decoding: signedHeaders, as: UTF8.self) == "host;my-header1;my-header2;x-amz-date")
        #expect(String(decoding: canonical, as: UTF8.self) == """
            POST
            /

            host:example.amazonaws.com
            my-header1:value4,value1 and two,value3
            my-header2:"a b c"
            x-amz-date:20150830T123600Z

            host;my-header1;my-header2;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
    }

    @Test("the signing key is cached per day: two signatures the same day agree with fresh signers")
    func cachedKey() {
        let signer = SigV4Signer(credentials: suiteCredentials, region: "us-east-1", service: "service")
        for seconds in [1_440_938_160, 1_440_938_161, 1_441_000_000] {
            var cached = SignableRequest(method: "POST", headers: [("Host", "h")])
            var fresh = cached
            signer.sign(&cached, at: AWSDate(secondsSince1970: seconds))
            SigV4Signer(credentials: suiteCredentials, region: "us-east-1", service: "service").sign(&fresh, at: AWSDate(secondsSince1970: seconds))
            #expect(cached.header("Authorization") == fresh.header("Authorization"))
        }
    }

    @Test("credentials and signers never print the secret or the token")
    func redaction() {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "TOPSECRETKEY", sessionToken: "TOKENVALUE")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "dynamodb")
        for text in [String(describing: credentials), String(reflecting: credentials), "\(signer)"] {
            #expect(text.contains("AKID"))
            #expect(!text.contains("TOPSECRETKEY"))
            #expect(!text.contains("TOKENVALUE"))
        }
    }
}

/// botocore's Authorization header for the same request (computed by `botocore_reference.py`).
private func botocoreAuthorization(
    url: String, headers: [String: String], body: String, credentials: AWSCredentials, region: String, service: String,
    timestamp: String
) throws -> String {
    let spec: [String: Any] = [
        "url": url, "method": "POST", "headers": headers, "body": body, "access_key": credentials.accessKeyID,
        "secret_key": credentials.secretAccessKey, "token": credentials.sessionToken ?? NSNull(), "region": region,
        "service": service, "timestamp": timestamp,
    ]
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("botocore_reference.py").path]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: spec))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
