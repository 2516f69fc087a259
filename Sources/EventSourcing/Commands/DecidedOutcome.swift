/// A decision kept under an idempotency key: the result, a domain rejection, or a version mismatch.
enum DecidedOutcome<Failure: Error & Codable> {
    case accepted(CommandResult)
    case rejected(Failure)
    case versionMismatch(expected: Int64, actual: Int64)

    /// The answer this decision gives: the result, or the error it throws.
    func answer(replayed: Bool) throws(DispatchError<Failure>) -> CommandResult {
        switch self {
        case .accepted(var result):
            result.replayed = replayed
            return result
        case .rejected(let failure): throw .rejected(failure, replayed: replayed)
        case .versionMismatch(let expected, let actual): throw .versionMismatch(expected: expected, actual: actual, replayed: replayed)
        }
    }

    /// The decision as stored; a failure that cannot be encoded is a serialization error (nothing is kept).
    func encoded() throws(SerializationError) -> [String: JSON] {
        switch self {
        case .accepted(let result):
            return ["outcome": .string("accepted"), "streamId": .string(result.streamID), "version": .number(String(result.version)),
                    "events": .array(result.events.map(JSON.string))]
        case .rejected(let failure):
            do {
                return ["outcome": .string("rejected"), "failure": try JSONValueEncoder().encode(failure)]
            } catch {
                throw .unencodable("the rejection \(failure): \(error)")
            }
        case .versionMismatch(let expected, let actual):
            return ["outcome": .string("versionMismatch"), "expected": .number(String(expected)), "actual": .number(String(actual))]
        }
    }

    /// Reads a kept decision; records written before rejections were kept have no `outcome` and are results.
    init?(encoded: [String: JSON]) {
        switch encoded["outcome"]?.stringValue ?? "accepted" {
        case "accepted":
            guard case .string(let stream)? = encoded["streamId"], let version = encoded["version"]?.int64Value,
                  case .array(let events)? = encoded["events"] else { return nil }
            self = .accepted(CommandResult(streamID: stream, version: version, events: events.compactMap(\.stringValue)))
        case "rejected":
            guard let value = encoded["failure"], let failure = try? JSONValueDecoder().decode(Failure.self, from: value) else { return nil }
            self = .rejected(failure)
        case "versionMismatch":
            guard let expected = encoded["expected"]?.int64Value, let actual = encoded["actual"]?.int64Value else { return nil }
            self = .versionMismatch(expected: expected, actual: actual)
        default:
            return nil
        }
    }
}
