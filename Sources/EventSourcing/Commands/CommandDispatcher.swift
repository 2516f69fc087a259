#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigning
import DynamoDB

/// Runs commands: load → decide → append, correctly under concurrency and retries.
///
/// - Without an expected version, a command that loses an optimistic-concurrency race is run again on the fresh
///   state, up to `maxAttempts` times with jittered backoff, then `concurrencyConflict`.
/// - With an expected version (HTTP `If-Match`), it runs only if the stream is at that version, and is never re-run:
///   otherwise `versionMismatch`.
/// - With an idempotency key, a repeat (same key and request) returns the first result and appends nothing, also
///   when the first attempt's response was lost; the same key with another request is `idempotencyKeyReused`.
///   The record is written atomically with the events.
public struct CommandDispatcher<Handler: CommandHandler>: Sendable {
    public let handler: Handler
    public let repository: Repository<Handler.State>
    public let maxAttempts: Int
    /// How long idempotency records are kept (DynamoDB's TTL removes them after that, within about two days).
    public let idempotencyTTL: Int64

    public init(handler: Handler, repository: Repository<Handler.State>, maxAttempts: Int = 6, idempotencyTTL: Int64 = 48 * 3600) {
        self.handler = handler
        self.repository = repository
        self.maxAttempts = max(1, maxAttempts)
        self.idempotencyTTL = idempotencyTTL
    }

    /// The key under which a command's first result is kept, and a fingerprint of the request it answered.
    public struct Idempotency: Sendable, Equatable {
        public var key: String
        public var requestHash: String

        /// - Parameters:
        ///   - key: scoped by the caller (e.g. `"\(owner)#\(idempotencyKey)"`) so that callers cannot collide.
        ///   - request: everything that makes the request what it is (route, stream, body); hashed.
        public init(key: String, request: String) {
            self.key = key
            self.requestHash = Hex.encode(SHA256.hash(request.utf8))
        }
    }

    /// Dispatches `command` to `streamID`.
    public func dispatch(
        _ command: Handler.Command, to streamID: String, expectedVersion: Int64? = nil,
        context: CommandContext = CommandContext(), idempotency: Idempotency? = nil
    ) async throws(DispatchError<Handler.Failure>) -> CommandResult {
        if let idempotency, let replay = try await replay(idempotency) { return replay }
        var attempt = 0
        while true {
            attempt += 1
            let loaded: Repository<Handler.State>.Loaded
            do {
                loaded = try await repository.load(streamID)
            } catch {
                throw .repository(error)
            }
            if let expectedVersion, loaded.version != expectedVersion {
                throw .versionMismatch(expected: expectedVersion, actual: loaded.version)
            }
            let events: [Handler.State.Event]
            do {
                events = try handler.handle(command, state: loaded.state, version: loaded.version)
            } catch {
                throw .rejected(error)
            }
            let stored: [StoredEvent]
            do {
                stored = try repository.serialize(events, to: streamID, expectedVersion: loaded.version, context: context)
            } catch {
                throw .repository(error)
            }
            let result = CommandResult(streamID: streamID, version: loaded.version + Int64(events.count), events: stored.map(\.type))
            if events.isEmpty { return result }
            let record = idempotency.map {
                IdempotencyRecord(
                    key: $0.key, requestHash: $0.requestHash, result: result.encoded,
                    expiresAt: Int64(Date().timeIntervalSince1970) + idempotencyTTL)
            }
            do {
                try await repository.append(
                    stored, expectedVersion: loaded.version, idempotency: record, stateAfter: loaded.state.folding(events))
                return result
            } catch .store(.versionConflict) {
                if let expectedVersion {
                    let actual = (try? await repository.load(streamID).version) ?? expectedVersion + 1
                    throw .versionMismatch(expected: expectedVersion, actual: actual)
                }
                guard attempt < maxAttempts else { throw .concurrencyConflict(attempts: attempt) }
                if let idempotency, let replay = try await replay(idempotency) { return replay }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 << min(attempt, 5)))))
            } catch .store(.idempotencyKeyExists(let existing)) {
                return try replayed(existing, idempotency!)
            } catch {
                throw .repository(error)
            }
        }
    }

    private func replay(_ idempotency: Idempotency) async throws(DispatchError<Handler.Failure>) -> CommandResult? {
        let existing: IdempotencyRecord?
        do {
            existing = try await repository.store.idempotencyRecord(key: idempotency.key)
        } catch {
            throw .repository(.store(error))
        }
        guard let existing else { return nil }
        return try replayed(existing, idempotency)
    }

    private func replayed(_ record: IdempotencyRecord, _ idempotency: Idempotency) throws(DispatchError<Handler.Failure>) -> CommandResult {
        guard record.requestHash == idempotency.requestHash else { throw .idempotencyKeyReused(key: idempotency.key) }
        guard var result = CommandResult(encoded: record.result) else {
            throw .repository(.store(.corrupt("the idempotency record \(record.key) holds no readable result")))
        }
        result.replayed = true
        return result
    }
}

/// What a command did: the stream, its version after the command, and the types of the events it appended.
public struct CommandResult: Sendable, Equatable, Codable {
    public var streamID: String
    public var version: Int64
    public var events: [String]
    /// True when this is the stored result of an earlier attempt with the same idempotency key.
    public var replayed = false

    public init(streamID: String, version: Int64, events: [String], replayed: Bool = false) {
        self.streamID = streamID
        self.version = version
        self.events = events
        self.replayed = replayed
    }

    var encoded: [String: AttributeValue] {
        ["streamId": .s(streamID), "version": .n(String(version)), "events": .l(events.map(AttributeValue.s))]
    }

    init?(encoded: [String: AttributeValue]) {
        guard case .s(let stream)? = encoded["streamId"], let version = encoded["version"]?.int64Value,
              case .l(let events)? = encoded["events"] else { return nil }
        self.init(streamID: stream, version: version, events: events.compactMap(\.stringValue))
    }
}

/// Why a command did not append.
public enum DispatchError<Failure: Error>: Error, CustomStringConvertible {
    /// The handler refused the command (a domain rule).
    case rejected(Failure)
    /// An expected version was given and the stream is elsewhere.
    case versionMismatch(expected: Int64, actual: Int64)
    /// Lost the optimistic-concurrency race on every attempt.
    case concurrencyConflict(attempts: Int)
    /// The idempotency key was used for a different request.
    case idempotencyKeyReused(key: String)
    case repository(RepositoryError)

    public var description: String {
        switch self {
        case .rejected(let failure): "the command was rejected: \(failure)"
        case .versionMismatch(let expected, let actual): "expected version \(expected), the stream is at \(actual)"
        case .concurrencyConflict(let attempts): "lost the concurrency race \(attempts) times"
        case .idempotencyKeyReused(let key): "idempotency key \(key) was used for a different request"
        case .repository(let error): error.description
        }
    }
}
