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
        // The benchmark's streamed event, read without JSONDecoder, whose cost would dwarf the runtime's.
        if let chunks = Self.plainStream(event) { return try await stream(chunks, failing: nil, to: response) }
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

    /// The strings of `{"stream":["a","b",…]}` written exactly so (no spaces but after commas, no escapes); nil for
    /// any other event.
    private static func plainStream(_ event: [UInt8]) -> [String]? {
        let prefix = #"{"stream":["#.utf8
        guard event.count > prefix.count, event.starts(with: prefix), !event.contains(UInt8(ascii: "\\")) else { return nil }
        var chunks: [String] = []
        var index = prefix.count
        while index < event.count {
            switch event[index] {
            case UInt8(ascii: "\""):
                guard let close = event[(index + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                chunks.append(String(decoding: event[(index + 1)..<close], as: UTF8.self))
                index = close + 1
            case UInt8(ascii: ","), UInt8(ascii: " "):
                index += 1
            case UInt8(ascii: "]"):
                return event[(index + 1)...].elementsEqual([UInt8(ascii: "}")]) ? chunks : nil
            default:
                return nil
            }
        }
        return nil
    }

    /// The keys that make an event a command, quotes included; `"stream\"` is the stream key inside a JSON string.
    private static let commandKeys: [[UInt8]] = [
        "\"throw\"", "\"bytes\"", "\"sleep\"", "\"crash\"", "\"stream\"", "\"context\"", "\"failAfterResponse\"",
        "\"stream\\\"",
    ].map { Array($0.utf8) }

    /// The first letters of `commandKeys`, as a bit set over ASCII lowercase letters.
    private static let commandInitials = InitialSet("tbscf")

    /// True when the event holds one of `commandKeys`.
    private static func namesCommand(_ event: [UInt8]) -> Bool {
        event.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            var offset = 0
            while offset < bytes.count, let quote = memchr(base + offset, 0x22, bytes.count - offset) {
                let at = UnsafeRawPointer(quote) - base
                offset = at + 1
                // Most quotes open or close something that is not a command key: the next byte tells at once.
                guard offset < bytes.count, commandInitials.contains(bytes[offset]) else { continue }
                for key in commandKeys where key.count <= bytes.count - at {
                    if key.withUnsafeBytes({ memcmp(quote, $0.baseAddress!, key.count) }) == 0 { return true }
                }
            }
            return false
        }
    }
}

/// A set of ASCII lowercase letters in one word, for a test that costs a shift and a mask.
struct InitialSet {
    private let bits: UInt32

    init(_ letters: String) {
        bits = letters.utf8.reduce(0) { $0 | 1 << UInt32($1 - UInt8(ascii: "a")) }
    }

    func contains(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") && bits & 1 << UInt32(byte - UInt8(ascii: "a")) != 0
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
