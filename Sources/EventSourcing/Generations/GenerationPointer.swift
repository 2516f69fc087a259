/// The generations of one read model, kept in one small document (`ReadModelGenerations`): which generation
/// readers read (`current`), which ones projectors write (`writing`), the highest number ever used, and the rebuild
/// in progress with its checkpoints.
///
/// A generation is a complete copy of the read model's documents: generation 1 under the read model's own name (so
/// that a read model that never had a pointer is generation 1), generation N under `name#N`. A rebuild adds a fresh
/// generation to `writing`, fills it from the event store, and a switch makes it `current` in one conditional write;
/// the previous one stays in `writing`, exact, until it is retired, so that switching back is a rollback.
public struct GenerationPointer: Codable, Sendable, Equatable {
    /// The generation readers read.
    public var current: Int
    /// The generations projectors keep up to date, in ascending order; `current` is always one of them.
    public var writing: [Int]
    /// The highest generation number ever used: numbers are never reused, so a new generation starts empty.
    public var highest: Int
    /// The rebuild in progress, if any.
    public var rebuild: Rebuild?

    /// A rebuild: the generation it fills and where each segment of its scan has got to.
    public struct Rebuild: Codable, Sendable, Equatable {
        /// The generation being filled.
        public var target: Int
        /// One checkpoint per scan segment.
        public var segments: [SegmentCheckpoint]

        /// True once every segment has been read to its end.
        public var isComplete: Bool { segments.allSatisfy(\.finished) }
    }

    /// How far one segment of a rebuild's scan has got: written after the documents of its pages are.
    public struct SegmentCheckpoint: Codable, Sendable, Equatable {
        /// Where the next page starts (the store's scan cursor); nil before the first page and after the last.
        public var cursor: JSON?
        /// True once the segment has been read to its end.
        public var finished = false
        /// Items read so far, events or not.
        public var items = 0
        /// Events folded so far.
        public var events = 0
        /// Streams met so far.
        public var streams = 0
        /// The last stream met (a stream can span pages: it is counted once).
        public var lastStream: String?

        /// A segment not yet read.
        public init() {}
    }

    /// The pointer of a read model that never had one: generation 1, current and written.
    public static let initial = GenerationPointer(current: 1, writing: [1], highest: 1, rebuild: nil)

    /// A pointer.
    public init(current: Int, writing: [Int], highest: Int, rebuild: Rebuild?) {
        self.current = current
        self.writing = writing
        self.highest = highest
        self.rebuild = rebuild
    }

    /// The name a generation's documents are stored under: `name` for generation 1, `name#N` after it.
    public static func storedName(_ name: String, generation: Int) -> String {
        generation == 1 ? name : "\(name)#\(generation)"
    }

    // MARK: Changes

    /// Starts a rebuild into a fresh generation, written from now on, and returns it; a rebuild already in
    /// progress is returned as it is (the rerun of a rebuild that stopped resumes it), whatever `segments` says.
    public mutating func beginRebuild(segments: Int) throws(GenerationError) -> Rebuild {
        if let rebuild { return rebuild }
        guard (1...1_000).contains(segments) else { throw .invalid("a rebuild scans in 1 to 1,000 segments, not \(segments)") }
        guard writing.count < Self.maximumWriting else {
            throw .invalid("generations \(writing) are all written already; retire one before a rebuild adds another")
        }
        highest += 1
        writing.append(highest)
        let started = Rebuild(target: highest, segments: Array(repeating: SegmentCheckpoint(), count: segments))
        rebuild = started
        return started
    }

    /// Makes `generation` the one readers read. It must be written (a retired generation is no longer exact), and a
    /// rebuild's target only once the rebuild is complete, which ends it; the generation read until now stays
    /// written, for a rollback.
    public mutating func switchTo(_ generation: Int) throws(GenerationError) {
        guard writing.contains(generation) else { throw .notWritten(generation, writing: writing) }
        if let rebuild, rebuild.target == generation {
            guard rebuild.isComplete else { throw .rebuildIncomplete(generation) }
            self.rebuild = nil
        }
        current = generation
    }

    /// Stops writing `generation` (its documents stay, no longer kept up to date). The current generation cannot
    /// be retired; retiring a rebuild's target abandons the rebuild.
    public mutating func retire(_ generation: Int) throws(GenerationError) {
        guard generation != current else { throw .invalid("generation \(generation) is the one read; switch to another before retiring it") }
        guard writing.contains(generation) else { throw .notWritten(generation, writing: writing) }
        writing.removeAll { $0 == generation }
        if rebuild?.target == generation { rebuild = nil }
    }

    /// At most this many generations are written at once: each one is another write per document per batch.
    public static let maximumWriting = 4
}
