import EventSourcing

/// Given / When / Then for projections: given these events, this document (or this failure). It folds with the
/// projection alone — no store — one stream's events in version order, so read models read like specifications:
///
/// ```swift
/// try ProjectionScenario(AccountSummaryProjection(), stream: "account#a")
///     .given(.opened(.init(owner: "ann")), .deposited(.init(amount: 100)))
///     .then { $0?.balance == 100 }
/// ```
public struct ProjectionScenario<P: Projection>: Sendable {
    /// The projection under test.
    public let projection: P
    /// The stream the events belong to.
    public let streamID: String
    private var history: [P.Event] = []

    /// A scenario for events of `stream`.
    public init(_ projection: P, stream: String) {
        self.projection = projection
        self.streamID = stream
    }

    /// The scenario with `events` appended to the history.
    public func given(_ events: P.Event...) -> ProjectionScenario {
        var copy = self
        copy.history += events
        return copy
    }

    /// The document the history folds to, starting from `document`; events carry versions 1, 2, … and the type
    /// name `"event"` (projections should not depend on either).
    public func document(from document: P.Document? = nil) throws -> P.Document? {
        var current = document
        for (offset, event) in history.enumerated() {
            let metadata = EventMetadata(streamID: streamID, version: Int64(offset) + 1)
            current = try projection.apply(RecordedEvent(event: event, metadata: metadata, type: "event"), to: current)
        }
        return current
    }

    /// Passes when the folded document satisfies `matches`.
    public func then(_ matches: (P.Document?) -> Bool) throws {
        let folded = try document()
        guard matches(folded) else { throw ScenarioFailure("given \(history.count) events: the document \(String(describing: folded)) does not match") }
    }

    /// Passes when folding fails.
    public func thenFails() throws {
        do {
            let folded = try document()
            throw ScenarioFailure("given \(history.count) events: expected a failure, got \(String(describing: folded))")
        } catch is ScenarioFailure {
            throw ScenarioFailure("given \(history.count) events: expected a failure")
        } catch {
            return
        }
    }
}
