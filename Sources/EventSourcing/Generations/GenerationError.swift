/// What can go wrong with a read model's generations or a rebuild. Each case says enough to act on.
public enum GenerationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A change that does not apply (a name of the library's, a segment count, the current generation retired).
    case invalid(String)
    /// The generation is not written (never created, or retired), so it cannot be read exactly.
    case notWritten(Int, writing: [Int])
    /// The rebuild filling the generation has not finished.
    case rebuildIncomplete(Int)
    /// The pointer changed while this change was being made (another rebuild, switch or retirement): read it again.
    case changed(String)
    /// An event cannot be folded: the read model's code refuses it (fix it, deploy, run again: the rebuild resumes).
    case projection(String)
    /// The event store failed.
    case events(EventStoreError)
    /// The read-model store failed.
    case readModels(ReadModelError)
    /// The task was cancelled: the work stopped where it was, and a rerun resumes it.
    case cancelled

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .invalid(let message): message
        case .notWritten(let generation, let writing): "generation \(generation) is not being written (written: \(writing.map(String.init).joined(separator: ", ")))"
        case .rebuildIncomplete(let generation): "the rebuild of generation \(generation) has not finished: run it to the end first"
        case .changed(let name): "the generations of \(name) changed meanwhile: read them again"
        case .projection(let message): message
        case .events(let error): error.description
        case .readModels(let error): error.description
        case .cancelled: "stopped before the end: run it again to resume"
        }
    }
}
