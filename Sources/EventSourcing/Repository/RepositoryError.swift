/// A repository failure: the store's, or a stored value that cannot be turned back into the domain's types.
public enum RepositoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store failed.
    case store(EventStoreError)
    /// A value could not be encoded or decoded (a snapshot, a kept decision).
    case serialization(SerializationError)
    /// A stored event that cannot be turned back into a domain event (an unknown type, a schema with no upcaster).
    case unreadableEvent(streamID: String, version: Int64, SerializationError)

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .store(let error): error.description
        case .serialization(let error): error.description
        case .unreadableEvent(let stream, let version, let error): "event \(version) of stream \(stream) cannot be read: \(error)"
        }
    }
}
