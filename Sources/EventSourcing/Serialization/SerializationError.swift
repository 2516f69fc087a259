/// An event (or snapshot, or kept decision) that cannot be written or read back.
public enum SerializationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No payload type is registered under the name.
    case unknownEventType(String)
    /// The stored schema version is newer than the registered one, or no upcaster leads from it.
    case unsupportedSchemaVersion(type: String, version: Int, current: Int)
    /// The stored payload does not decode into the registered type.
    case undecodable(type: String, version: Int64, reason: String)
    /// The value could not be encoded.
    case unencodable(String)

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .unknownEventType(let name): "unknown event type \"\(name)\": register it with the serializer"
        case .unsupportedSchemaVersion(let type, let version, let current):
            "event type \(type) has schema version \(version); the current one is \(current) and there is no upcaster path"
        case .undecodable(let type, let version, let reason): "event \(type) at version \(version) could not be decoded: \(reason)"
        case .unencodable(let reason): "a value could not be encoded: \(reason)"
        }
    }
}
