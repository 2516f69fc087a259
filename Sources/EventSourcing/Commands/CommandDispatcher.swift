#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs commands: load → authorize → decide → append, correctly under concurrency and retries.
///
/// - Without an expected version, a command that loses an optimistic-concurrency race is run again on the fresh
///   state, up to `maxAttempts` times with jittered backoff, then `concurrencyConflict`.
/// - With an expected version (HTTP `If-Match`), it runs only if the stream is at that version, and is never re-run:
///   otherwise `versionMismatch`. The handler's `authorize` runs before the version is compared.
/// - With an idempotency key, the first *decision* is kept: a repeat (same key and request) gets it again — the
///   result, or the same rejection or version mismatch — and appends nothing, also when the first attempt's
///   response was lost; the same key with another request is `idempotencyKeyReused`. A result is written
///   atomically with its events; a rejection is written alone (no event). Either write is refused when the key is
///   taken, and the decision kept first is answered instead. Refusals by `authorize`, and failures of the store,
///   are not kept: their retry runs anew.
public struct CommandDispatcher<Handler: CommandHandler>: Sendable {
    /// The domain's decisions.
    public let handler: Handler
    /// Where its streams are loaded from and appended to.
    public let repository: Repository<Handler.State>
    /// How many times a command that keeps losing the concurrency race is run.
    public let maxAttempts: Int
    /// How long idempotency records are kept, in seconds (DynamoDB's TTL removes them after that, within about two days).
    public let idempotencyTTL: Int64

    /// A dispatcher; `maxAttempts` is at least 1.
    public init(handler: Handler, repository: Repository<Handler.State>, maxAttempts: Int = 6, idempotencyTTL: Int64 = 48 * 3600) {
        self.handler = handler
        self.repository = repository
        self.maxAttempts = max(1, maxAttempts)
        self.idempotencyTTL = idempotencyTTL
    }

    /// Dispatches `command` to `streamID`.
    public func dispatch(
        _ command: Handler.Command, to streamID: String, expectedVersion: Int64? = nil,
        context: CommandContext = CommandContext(), idempotency: IdempotencyKey? = nil
    ) async throws(DispatchError<Handler.Failure>) -> CommandResult {
        // A repeat is not looked up first: the write that keeps the decision is conditional on the key being unused,
        // and comes back with the decision kept first when it is not. A command thus costs its load and one write,
        // key or no key; a repeat costs a load and a refused write.
        var attempt = 0
        while true {
            attempt += 1
            let loaded: Repository<Handler.State>.Loaded
            do {
                loaded = try await repository.load(streamID)
            } catch {
                throw .repository(error)
            }
            do {
                try handler.authorize(command, state: loaded.state)
            } catch {
                throw .rejected(error)
            }
            if let expectedVersion, loaded.version != expectedVersion {
                return try await settle(.versionMismatch(expected: expectedVersion, actual: loaded.version), idempotency)
            }
            let events: [Handler.State.Event]
            do {
                events = try handler.handle(command, state: loaded.state, version: loaded.version)
            } catch {
                return try await settle(.rejected(error), idempotency)
            }
            let stored: [StoredEvent]
            do {
                stored = try repository.serialize(events, to: streamID, expectedVersion: loaded.version, context: context)
            } catch {
                throw .repository(error)
            }
            let result = CommandResult(streamID: streamID, version: loaded.version + Int64(events.count), events: stored.map(\.type))
            if events.isEmpty {
                return try await settle(result, idempotency)
            }
            let kept = try idempotency.map { (key) throws(DispatchError<Handler.Failure>) in try record(key, .accepted(result)) }
            do {
                try await repository.append(stored, expectedVersion: loaded.version, idempotency: kept, stateAfter: loaded.state.folding(events))
                return result
            } catch .store(.versionConflict) {
                if let expectedVersion {
                    let actual = (try? await repository.load(streamID).version) ?? expectedVersion + 1
                    return try await settle(.versionMismatch(expected: expectedVersion, actual: actual), idempotency)
                }
                guard attempt < maxAttempts else { throw .concurrencyConflict(attempts: attempt) }
                if let idempotency, let replay = try await replay(idempotency) { return replay }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 << min(attempt, 5)))))
            } catch .store(.idempotencyKeyExists(let existing)) {
                return try replayed(existing, idempotency)
            } catch {
                throw .repository(error)
            }
        }
    }

    /// Keeps a decision that appends nothing under the key (when there is one), then answers it; when another
    /// attempt kept its decision first, answers that one instead.
    private func settle(
        _ outcome: DecidedOutcome<Handler.Failure>, _ idempotency: IdempotencyKey?
    ) async throws(DispatchError<Handler.Failure>) -> CommandResult {
        if let idempotency {
            let kept = try record(idempotency, outcome)
            do {
                try await repository.store.saveIdempotencyRecord(kept)
            } catch .idempotencyKeyExists(let existing) {
                return try replayed(existing, idempotency)
            } catch {
                throw .repository(.store(error))
            }
        }
        return try outcome.answer(replayed: false)
    }

    private func settle(_ result: CommandResult, _ idempotency: IdempotencyKey?) async throws(DispatchError<Handler.Failure>) -> CommandResult {
        try await settle(.accepted(result), idempotency)
    }

    private func record(
        _ idempotency: IdempotencyKey, _ outcome: DecidedOutcome<Handler.Failure>
    ) throws(DispatchError<Handler.Failure>) -> IdempotencyRecord {
        do {
            return IdempotencyRecord(
                key: idempotency.storageKey, requestHash: idempotency.fingerprint, result: try outcome.encoded(),
                expiresAt: Int64(Date().timeIntervalSince1970) + idempotencyTTL)
        } catch {
            throw .repository(.serialization(error))
        }
    }

    private func replay(_ idempotency: IdempotencyKey) async throws(DispatchError<Handler.Failure>) -> CommandResult? {
        let existing: IdempotencyRecord?
        do {
            existing = try await repository.store.idempotencyRecord(key: idempotency.storageKey)
        } catch {
            throw .repository(.store(error))
        }
        guard let existing else { return nil }
        return try replayed(existing, idempotency)
    }

    private func replayed(_ record: IdempotencyRecord, _ idempotency: IdempotencyKey?) throws(DispatchError<Handler.Failure>) -> CommandResult {
        guard let idempotency else { throw .repository(.store(.corrupt("an idempotency record came back for a command without a key"))) }
        guard record.requestHash == idempotency.fingerprint else { throw .idempotencyKeyReused(key: idempotency.key) }
        guard let outcome = DecidedOutcome<Handler.Failure>(encoded: record.result) else {
            throw .repository(.store(.corrupt("the idempotency record \(record.key) holds no readable outcome")))
        }
        return try outcome.answer(replayed: true)
    }
}
