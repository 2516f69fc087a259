/// Where a domain's events are kept: one stream per aggregate, versions 1, 2, 3… without gaps.
///
/// The contract — `EventStoreConformance` in `EventSourcingTesting` checks every rule, and every implementation
/// (`InMemoryEventStore`, `DynamoDBEventStore`, a store of your own) must pass it:
/// - `append` writes all of its events or none, and only if their versions (`expectedVersion + 1…`, in order) are
///   all free; otherwise `versionConflict`. `expectedVersion` is the version the caller loaded (as the repository
///   passes it): a store checks that no one wrote after it, not that it is the stream's head, so a larger number than
///   was loaded would leave a gap that no store refuses.
/// - With an idempotency record, the record is written in the same atomic step, only if its key is unused;
///   otherwise `idempotencyKeyExists` with the existing record (and nothing is appended). `saveIdempotencyRecord`
///   keeps a record alone under the same rule.
/// - Limits are DynamoDB's, measured on the items `EventItemLayout` describes: an item (an event, a snapshot) up to
///   400 KB, 100 items and 4 MB per append; beyond them, `tooLarge` naming the limit, before anything is written.
/// - A stream keeps its newest snapshot: `saveSnapshot` replaces an older one and leaves a newer one. `load` starts
///   from it when it is at or below `version` and the caller accepts its schema (else from the first event), and
///   returns the events after it in version order; it reads no event before that snapshot.
/// - Reads always see every page of a stream.
public protocol EventStore: Sendable {
    /// Appends `events` after `expectedVersion`, atomically, with `idempotency` if given.
    func append(_ events: [StoredEvent], expectedVersion: Int64, idempotency: IdempotencyRecord?) async throws(EventStoreError)

    /// The kept snapshot, if at or below `version` (the stream's end when nil) and accepted, and the events after it.
    func load(
        streamID: String, upTo version: Int64?, acceptsSnapshot: @Sendable (StoredSnapshot) -> Bool
    ) async throws(EventStoreError) -> StreamSlice

    /// Events with versions after `after` (and at most `upTo`), oldest first, at most `limit` of them.
    func events(streamID: String, after: Int64, upTo: Int64?, limit: Int?) async throws(EventStoreError) -> [StoredEvent]

    /// Keeps a snapshot of the stream at its version (which must exist), unless a newer one is kept.
    func saveSnapshot(_ snapshot: StoredSnapshot) async throws(EventStoreError)

    /// The decision kept under an idempotency key, if any.
    func idempotencyRecord(key: String) async throws(EventStoreError) -> IdempotencyRecord?

    /// Keeps a decision that appended nothing (a rejection) under its key, only if the key is unused; otherwise
    /// `idempotencyKeyExists` with the record kept first.
    func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(EventStoreError)
}
