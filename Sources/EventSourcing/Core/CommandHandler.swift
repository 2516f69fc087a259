/// Decides what a command means: from the current state and a command, the new events or a domain error.
///
/// Contract: `handle` is pure (it may be run again on fresh state after losing an optimistic-concurrency race);
/// returning no events is allowed and appends nothing.
public protocol CommandHandler: Sendable {
    associatedtype State: Aggregate
    associatedtype Command: Sendable
    associatedtype Failure: Error
    func handle(_ command: Command, state: State, version: Int64) throws(Failure) -> [State.Event]
}
