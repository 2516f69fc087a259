import EventSourcingLocalRuntimeAPI

/// Something to invoke as Lambda invokes a function: an event in, the invocation's outcome out.
/// `FunctionHost` is the real one; the stream poller takes any.
public protocol InvocationTarget: Sendable {
    var name: String { get }
    func invoke(_ event: [UInt8]) async -> InvocationResult
}

extension FunctionHost: InvocationTarget {}
