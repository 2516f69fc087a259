#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Handles one invocation on raw bytes: the event as Lambda sent it, the response as it goes back.
///
/// Contract: a handler is called for one invocation at a time; it may throw, and the runtime reports the error
/// to Lambda (see `LambdaFunctionError`) and goes on to the next invocation.
public protocol LambdaHandler: Sendable {
    /// The response to `event`; what it throws is reported to Lambda as the invocation's error.
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8]
}

/// Handles one invocation on Codable values: JSON in, JSON out.
///
/// An event that does not decode into `Event` is reported as `Function.InvalidEvent` without calling `handle`.
public protocol LambdaCodableHandler: Sendable {
    /// What the event's JSON decodes into.
    associatedtype Event: Decodable
    /// What the response is encoded from, as JSON.
    associatedtype Output: Encodable
    /// The response to `event`; what it throws is reported to Lambda as the invocation's error.
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

/// Adapts a `LambdaCodableHandler` to raw bytes with `JSONDecoder` and `JSONEncoder`.
public struct CodableHandlerAdapter<Handler: LambdaCodableHandler>: LambdaHandler {
    /// The handler it adapts.
    public let handler: Handler

    /// Adapts `handler`.
    public init(_ handler: Handler) {
        self.handler = handler
    }

    /// Decodes the event, runs the handler and encodes its output; a decoding or encoding failure throws
    /// `InvocationError`.
    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let decoded: Handler.Event
        do {
            decoded = try JSONDecoder().decode(Handler.Event.self, from: Data(event))
        } catch {
            throw InvocationError.invalidEvent(DecodingErrorText.describe(error))
        }
        let output = try await handler.handle(decoded, context: context)
        do {
            return Array(try JSONEncoder().encode(output))
        } catch {
            throw InvocationError.invalidResponse(String(describing: error))
        }
    }
}

/// A raw-bytes handler made from a closure.
public struct ClosureHandler: LambdaHandler {
    private let body: @Sendable ([UInt8], LambdaContext) async throws -> [UInt8]

    /// A handler that runs `body` for each invocation.
    public init(_ body: @escaping @Sendable ([UInt8], LambdaContext) async throws -> [UInt8]) {
        self.body = body
    }

    /// Runs the closure on `event`.
    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        try await body(event, context)
    }
}

/// Short, single-line descriptions of decoding errors: the coding path and what was wrong.
enum DecodingErrorText {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not valid JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\" at \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type) at \(path(context)), found null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "invalid value at \(path(context))"
        @unknown default:
            return "not valid JSON"
        }
    }
}
