import Foundation
@testable import LambdaRuntime
import Testing

@Suite("LambdaLogger")
struct LambdaLoggerTests {
    /// Logs through a pipe and returns the lines written.
    private func capture(_ environment: [String: String], _ body: (LambdaLogger) -> Void) -> [String] {
        String(decoding: captureBytes(environment, body), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Logs through a pipe and returns the bytes written.
    private func captureBytes(_ environment: [String: String], _ body: (LambdaLogger) -> Void) -> [UInt8] {
        var descriptors: [Int32] = [0, 0]
        pipe(&descriptors)
        body(LambdaLogger(environment: LambdaEnvironment(environment), descriptor: descriptors[1]))
        close(descriptors[1])
        return Array(FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true).readDataToEndOfFile())
    }

    @Test("text lines are timestamp, request id, level and message, tab-separated, with metadata after")
    func textFormat() {
        let lines = capture([:]) { $0.info("ready", metadata: ["b": "2", "a": "1"]) }
        #expect(lines.count == 1)
        let fields = lines[0].split(separator: "\t").map(String.init)
        #expect(fields.count == 4)
        #expect(fields[0].count == 24 && fields[0].hasSuffix("Z"))
        #expect(fields[1] == "-")
        #expect(fields[2] == "INFO")
        #expect(fields[3] == "ready a=1 b=2")
    }

    @Test("a multi-line message stays on one text line")
    func textEscapesNewlines() {
        let lines = capture([:]) { $0.warn("one\ntwo") }
        #expect(lines == [lines[0]])
        #expect(lines[0].hasSuffix("one\\ntwo"))
    }

    @Test("a line break inside a CRLF, in a message or a metadata value, is escaped too: one line feed per text line")
    func textEscapesCRLF() {
        let bytes = captureBytes([:]) { $0.info("one\r\ntwo", metadata: ["k": "a\r\nb"]) }
        #expect(bytes.filter { $0 == 10 }.count == 1 && bytes.last == 10)
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("one\r\\ntwo k=a\r\\nb\n"))
    }

    @Test("JSON lines parse; metadata cannot overwrite the standard keys")
    func jsonFormat() throws {
        let lines = capture(["AWS_LAMBDA_LOG_FORMAT": "JSON"]) {
            $0.error("tab\there \u{1}", metadata: ["account": "acc-1", "level": "forged"])
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
        #expect(object["message"] == "tab\there \u{1}")
        #expect(object["level"] == "ERROR")
        #expect(object["account"] == "acc-1")
        #expect(object["requestId"] == nil)
    }

    @Test("the level filter drops lower levels and keeps the rest", arguments: LogLevel.allCases)
    func levelFilter(level: LogLevel) {
        let lines = capture(["AWS_LAMBDA_LOG_LEVEL": level.name.lowercased()]) { logger in
            for each in LogLevel.allCases { logger.log(each, each.name) }
        }
        #expect(lines.map { $0.split(separator: "\t")[2] } == LogLevel.allCases.filter { $0 >= level }.map { Substring($0.name) })
    }

    @Test("an unknown level or format falls back to INFO and Text")
    func fallbacks() {
        let lines = capture(["AWS_LAMBDA_LOG_LEVEL": "LOUD", "AWS_LAMBDA_LOG_FORMAT": "xml"]) {
            $0.debug("hidden")
            $0.info("shown")
        }
        #expect(lines.count == 1)
        #expect(lines[0].hasSuffix("\tINFO\tshown"))
    }

    @Test("secret values are redacted in messages and metadata")
    func redaction() {
        let lines = capture(["AWS_SECRET_ACCESS_KEY": "supersecretvalue", "AWS_SESSION_TOKEN": "tokentokentoken"]) {
            $0.info("key supersecretvalue", metadata: ["token": "tokentokentoken"])
        }
        #expect(lines[0].hasSuffix("key [REDACTED] token=[REDACTED]"))
    }

    @Test("a secret is redacted wherever it is, however often, next to anything", arguments: [
        ("s3cr3t-value", "s3cr3t-value", "[REDACTED]"),
        ("as3cr3t-values3cr3t-value!", "s3cr3t-value", "a[REDACTED][REDACTED]!"),
        ("ü→s3cr3t-value←ü", "s3cr3t-value", "ü→[REDACTED]←ü"),
        ("s3cr3t-valu", "s3cr3t-value", "s3cr3t-valu"),
        ("ss3cr3t-value", "s3cr3t-value", "s[REDACTED]"),
        ("aaaaab", "aaab", "aa[REDACTED]"),
    ])
    func redactionBytes(line: String, secret: String, expected: String) {
        var bytes = Array(line.utf8)
        LambdaLogger.redact(Array(secret.utf8), in: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}
