#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Returns the event it receives. Four commands change that, for tests and benchmarks:
/// `{"throw": "message"}` makes the handler throw `EchoError`; `{"bytes": N}` answers a JSON string of
/// N characters (N up to `maxBytes`); `{"sleep": N}` waits N milliseconds, then echoes; `{"crash": N}` ends the
/// process at once with exit status N, as a crashing function would.
struct EchoHandler: LambdaHandler {
    let maxBytes: Int

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        // Only an object naming a command key can be a command; anything else is echoed without decoding.
        guard event.first == UInt8(ascii: "{"), Self.namesCommand(event),
              let command = try? JSONDecoder().decode(EchoCommand.self, from: Data(event))
        else { return event }
        if let message = command.throw { throw EchoError(message: message) }
        if let status = command.crash { exit(status) }
        if let milliseconds = command.sleep { try await Task.sleep(for: .milliseconds(milliseconds)) }
        if let count = command.bytes {
            guard (0...maxBytes).contains(count) else {
                throw EchoError(message: "bytes must be between 0 and \(maxBytes), got \(count)")
            }
            var output = [UInt8](repeating: UInt8(ascii: "x"), count: count + 2)
            output[0] = UInt8(ascii: "\"")
            output[count + 1] = UInt8(ascii: "\"")
            return output
        }
        return event
    }

    /// True when the event holds `"throw"`, `"bytes"`, `"sleep"` or `"crash"` (each seven bytes long).
    private static func namesCommand(_ event: [UInt8]) -> Bool {
        event.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count >= 7 else { return false }
            var offset = 0
            while let quote = memchr(base + offset, 0x22, bytes.count - 6 - offset) {
                if memcmp(quote, "\"throw\"", 7) == 0 || memcmp(quote, "\"bytes\"", 7) == 0
                    || memcmp(quote, "\"sleep\"", 7) == 0 || memcmp(quote, "\"crash\"", 7) == 0 { return true }
                offset = UnsafeRawPointer(quote) - base + 1
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
}

/// The error `{"throw": "message"}` asks for; Lambda sees it as `Function.EchoError`.
struct EchoError: Error, LambdaFunctionError {
    var message: String
    var errorType: String { "Function.EchoError" }
    var errorMessage: String { message }
}
