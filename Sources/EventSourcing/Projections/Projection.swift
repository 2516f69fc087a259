/// A read model folded from events: documents of type `Document`, each kept under a key.
///
/// ```swift
/// struct AccountSummaryProjection: Projection {
///     static let name = "account"
///     let partition = Partition<AccountEvent>.byStream { AccountID(streamID: $0)?.rawValue }
///     func apply(_ event: RecordedEvent<AccountEvent>, to summary: AccountSummary?) throws -> AccountSummary { … }
/// }
/// ```
///
/// The `Projector` calls `apply` with each event exactly once per document, in version order per stream, and
/// keeps the versions applied inside the stored document itself; `apply` only folds. It is a pure function of the
/// document and the event: no I/O, no clock, so that a rebuild gives the same documents. Only each stream's own order
/// is guaranteed: a document fed by several streams (`byFirstEvent`) must come out the same however their events
/// interleave (a dictionary by stream, a sorted list), since the live stream and a rebuild's scan interleave them
/// differently. Throwing means the event cannot be applied: the projector reports it as the batch's first failure
/// and applies nothing after it.
public protocol Projection<Event>: Sendable {
    /// The domain's events.
    associatedtype Event: Sendable
    /// One document of the read model.
    associatedtype Document: Codable & Sendable & Equatable

    /// The read model's name, stored with each of its documents: letters, digits, `-` and `_`; never change it.
    static var name: String { get }

    /// Which document a stream's events go to.
    var partition: Partition<Event> { get }

    /// `document` after `event`; `document` is nil before the first event that reaches it.
    func apply(_ event: RecordedEvent<Event>, to document: Document?) throws -> Document
}

/// How a projection maps streams to documents.
public struct Partition<Event: Sendable>: Sendable {
    enum Rule: Sendable {
        case byStream(@Sendable (String) -> String?)
        case byFirstEvent(@Sendable (RecordedEvent<Event>) -> String?)
    }

    let rule: Rule

    /// One document per stream, under the key `key` makes from the stream id (nil: the stream is not projected).
    public static func byStream(_ key: @escaping @Sendable (String) -> String?) -> Partition {
        Partition(rule: .byStream(key))
    }

    /// One document per key that `key` reads from a stream's first event, such as its owner: events of many
    /// streams share a document (nil: the stream is not projected). The first event never changes, so the
    /// projector may remember the key.
    public static func byFirstEvent(_ key: @escaping @Sendable (RecordedEvent<Event>) -> String?) -> Partition {
        Partition(rule: .byFirstEvent(key))
    }

    /// For a partition `byStream`, the key of a stream's document; nil for one `byFirstEvent`.
    public var streamKey: (@Sendable (String) -> String?)? {
        if case .byStream(let key) = rule { key } else { nil }
    }
}
