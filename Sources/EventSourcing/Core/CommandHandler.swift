/// Decides what a command means: from the current state and a command, the new events or a domain error.
///
/// Contract: `handle` is pure (it may be run again on fresh state after losing an optimistic-concurrency race);
/// returning no events is allowed and appends nothing. `authorize` runs first, on the same state, before an
/// expected version is compared: a caller who may not see the stream learns nothing about it, not even its
/// version. A decided rejection (`handle` throwing) is kept under the command's idempotency key, so `Failure`
/// is `Codable`; a refusal by `authorize` is not kept.
public protocol CommandHandler: Sendable {
    associatedtype State: Aggregate
    associatedtype Command: Sendable
    associatedtype Failure: Error & Codable & Sendable

    /// Refuses a command its sender may not send to this stream (for example another owner's account).
    func authorize(_ command: Command, state: State) throws(Failure)

    /// The events `command` produces on `state` at `version`, or the rule it breaks.
    func handle(_ command: Command, state: State, version: Int64) throws(Failure) -> [State.Event]
}

extension CommandHandler {
    /// Every sender may send every command.
    public func authorize(_ command: Command, state: State) throws(Failure) {}
}
