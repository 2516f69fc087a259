/// What can go wrong in a read-model store.
public enum ReadModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Someone else wrote the document first: read it again and re-apply.
    case conflict(DocumentID)
    /// The document would exceed the store's item limit (400 KB).
    case tooLarge(String)
    /// A key or name the store cannot keep.
    case invalid(String)
    /// The store could not be reached or was throttled after retries.
    case unavailable(String)
    /// A stored document could not be read back.
    case corrupt(String)

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .conflict(let id): "the read model \(id) changed concurrently"
        case .tooLarge(let message): message
        case .invalid(let message): "invalid read-model request: \(message)"
        case .unavailable(let message): "the read-model store is unavailable: \(message)"
        case .corrupt(let message): "a read-model document is corrupt: \(message)"
        }
    }
}
