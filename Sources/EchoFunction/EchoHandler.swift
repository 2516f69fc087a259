#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime

/// Returns the event it receives. Two commands change that, for tests and benchmarks:
/// `{"throw": "message"}` makes the handler throw `EchoError`, and `{"bytes": N}` answers a JSON string of
/// N characters (N up to `maxBytes`).
struct EchoHandler: LambdaHandler {
    let maxBytes: Int

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        // Only an object naming a command key can be a command; anything else is echoed without decoding.
        guard event.first == UInt8(ascii: "{"), Self.namesCommand(event),
              let command = try? JSONDecoder().decode(EchoCommand.self, from: Data(event))
        else { return event }
        if let message = command.throw { throw EchoError(message: message) }
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

    private static let commandKeys = [Array(#""throw""#.utf8), Array(#""bytes""#.utf8)]

    private static func namesCommand(_ event: [UInt8]) -> Bool {
        commandKeys.contains { key in
            event.count >= key.count && (0...(event.count - key.count)).contains { event[$0..<($0 + key.count)].elementsEqual(key) }
        }
    }
}

/// The commands `EchoHandler` understands; any other key is ignored.
struct EchoCommand: Decodable {
    var `throw`: String?
    var bytes: Int?
}

/// The error `{"throw": "message"}` asks for; Lambda sees it as `Function.EchoError`.
struct EchoError: Error, LambdaFunctionError {
    var message: String
    var errorType: String { "Function.EchoError" }
    var errorMessage: String { message }
}
