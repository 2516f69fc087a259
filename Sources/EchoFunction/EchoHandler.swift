#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Returns the event it receives, in one piece. Commands change that, for tests and benchmarks (they combine:
/// `{"sleep": 200, "context": true}` sleeps, then answers the context):
/// - `{"throw": "message"}` makes the handler throw `EchoError`;
/// - `{"bytes": N}` answers a JSON string of N characters (N up to `maxBytes`);
/// - `{"sleep": N}` waits N milliseconds (and logs that it did), then goes on;
/// - `{"crash": N}` ends the process at once with exit status N, as a crashing function would;
/// - `{"context": true}` answers the context as JSON: `requestId`, `deadlineMs`, `invokedFunctionArn`, `traceId`,
///   `tenantId`, and `traceEnvironment`, the process's `_X_AMZN_TRACE_ID` (the last three only when set); and
///   logs a line;
/// - `{"stream": ["a", "b", …]}` streams each string as a chunk of its own, sent at once; with `"fail": "message"`,
///   `EchoError` follows the chunks (reported in the stream's trailers);
/// - an event whose `body` holds such a stream command (an HTTP API event from `scripts/dev`'s front) streams it as
///   an HTTP response: a prelude (200, `text/plain`), then the chunks;
/// - `{"failAfterResponse": "message"}` echoes, then, after the response, runs work that throws `EchoError`.
struct EchoHandler: LambdaStreamingHandler {
    let maxBytes: Int

    func handle(_ event: [UInt8], response: LambdaResponseWriter, context: LambdaContext) async throws {
        // Only an object naming a command key can be a command; anything else is echoed without decoding.
        guard event.first == UInt8(ascii: "{"), Self.namesCommand(event),
              let command = try? JSONDecoder().decode(EchoCommand.self, from: Data(event))
        else { return try await response.respond(with: event) }
        if let message = command.throw { throw EchoError(message: message) }
        if let status = command.crash { exit(status) }
        if let milliseconds = command.sleep {
            try await Task.sleep(for: .milliseconds(milliseconds))
            context.logger.info("slept \(milliseconds) ms")
        }
        if let message = command.failAfterResponse {
            context.afterResponse { throw EchoError(message: message) }
        }
        if let chunks = command.stream {
            return try await stream(chunks, failing: command.fail, to: response)
        }
        if let body = command.body, let inner = try? JSONDecoder().decode(EchoCommand.self, from: Data(body.utf8)),
           let chunks = inner.stream {
            try await response.writeHTTPPrelude(statusCode: 200, headers: ["content-type": "text/plain"])
            return try await stream(chunks, failing: inner.fail, to: response)
        }
        if command.context == true {
            context.logger.info("answering with the context")
            return try await response.respond(with: Array(try JSONEncoder().encode(EchoedContext(context))))
        }
        if let count = command.bytes {
            guard (0...maxBytes).contains(count) else {
                throw EchoError(message: "bytes must be between 0 and \(maxBytes), got \(count)")
            }
            var output = [UInt8](repeating: UInt8(ascii: "x"), count: count + 2)
            output[0] = UInt8(ascii: "\"")
            output[count + 1] = UInt8(ascii: "\"")
            return try await response.respond(with: output)
        }
        try await response.respond(with: event)
    }

    private func stream(_ chunks: [String], failing message: String?, to response: LambdaResponseWriter) async throws {
        for chunk in chunks { try await response.write(chunk) }
        if let message { throw EchoError(message: message) }
    }

    /// The keys that make an event a command, quotes included; `"stream\"` is the stream key inside a JSON string.
    private static let commandKeys: [[UInt8]] = [
        "\"throw\"", "\"bytes\"", "\"sleep\"", "\"crash\"", "\"stream\"", "\"context\"", "\"failAfterResponse\"",
        "\"stream\\\"",
    ].map { Array($0.utf8) }

    /// True when the event holds one of `commandKeys`.
    private static func namesCommand(_ event: [UInt8]) -> Bool {
        event.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            var offset = 0
            while offset < bytes.count, let quote = memchr(base + offset, 0x22, bytes.count - offset) {
                let at = UnsafeRawPointer(quote) - base
                // Most quotes open a key that is not a command: its first letter tells at once.
                let letter = at + 1 < bytes.count ? bytes[at + 1] : 0
                for key in commandKeys where key[1] == letter && key.count <= bytes.count - at {
                    if key.withUnsafeBytes({ memcmp(quote, $0.baseAddress!, key.count) }) == 0 { return true }
                }
                offset = at + 1
            }
            return false
        }
    }
}

/// The commands `EchoHandler` understands; any other key is ignored.
struct EchoCommand: Decodable {
    var `throw`: String?
    var bytes: Int?
    var sleep: Int?
    var crash: Int32?
    var context: Bool?
    var stream: [String]?
    var fail: String?
    var failAfterResponse: String?
    /// An HTTP API event's body, which may hold a stream command.
    var body: String?
}

/// What `{"context": true}` answers.
struct EchoedContext: Encodable {
    var requestId: String
    var deadlineMs: Int64
    var invokedFunctionArn: String
    var traceId: String?
    var tenantId: String?
    var traceEnvironment: String?

    init(_ context: LambdaContext) {
        requestId = context.requestID
        deadlineMs = context.deadlineMilliseconds
        invokedFunctionArn = context.invokedFunctionARN
        traceId = context.traceID
        tenantId = context.tenantID
        traceEnvironment = getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
    }
}

/// The error `{"throw": "message"}` asks for; Lambda sees it as `Function.EchoError`.
struct EchoError: Error, LambdaFunctionError {
    var message: String
    var errorType: String { "Function.EchoError" }
    var errorMessage: String { message }
}
