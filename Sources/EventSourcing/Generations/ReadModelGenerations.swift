import Synchronization

/// The generations of read models (`GenerationPointer`), kept as documents of the read model `_generations` in a
/// `ReadModelStore`, one per read model under its name, and cached for `maximumStaleness`.
///
/// Projectors write every generation in `writing` (`writingNames(of:)`), readers read `current` (`currentName(of:)`);
/// both go through the cache, so a change reaches them within `maximumStaleness`. That is what a rebuild waits out
/// after adding its generation, before it reads the first event: from then on every projector writes the new
/// generation too, so an event appended after the rebuild's scan has passed its stream still reaches it. Changes
/// (`change(_:_:)`) are one conditional write of the pointer, on a fresh read.
///
/// Names starting with `_` are the library's (`_generations`, `_subscriptions`): a projection may not use them.
public final class ReadModelGenerations: Sendable {
    /// The read model the pointers are documents of.
    public static let pointerReadModel = "_generations"
    /// How long a pointer read is used before it is read again, unless told otherwise: five seconds.
    public static let defaultMaximumStaleness = Duration.seconds(5)

    /// Where the pointers (and the read models) are.
    public let store: any ReadModelStore
    /// How long a pointer read is used: the longest a projector or a reader can lag behind a change.
    public let maximumStaleness: Duration

    private struct Cached {
        var pointer: GenerationPointer
        /// When the read that returned it was sent: the pointer is at least that recent.
        var sent: ContinuousClock.Instant
    }

    private let cache = Mutex<[String: Cached]>([:])

    /// Pointers in `store`, each read used for `maximumStaleness` (zero: read every time).
    public init(store: any ReadModelStore, maximumStaleness: Duration = defaultMaximumStaleness) {
        self.store = store
        self.maximumStaleness = maximumStaleness
    }

    /// Where the pointer of `name` is kept.
    public static func pointerID(_ name: String) -> DocumentID { DocumentID(readModel: pointerReadModel, key: name) }

    /// The names under which projectors write `name`'s documents: one per generation in `writing`.
    public func writingNames(of name: String) async throws(ReadModelError) -> [String] {
        try await pointer(of: name).writing.map { GenerationPointer.storedName(name, generation: $0) }
    }

    /// The name under which readers read `name`'s documents: its current generation's.
    public func currentName(of name: String) async throws(ReadModelError) -> String {
        GenerationPointer.storedName(name, generation: try await pointer(of: name).current)
    }

    /// The pointer of `name`, read at most `maximumStaleness` ago (`GenerationPointer.initial` when it has none).
    public func pointer(of name: String) async throws(ReadModelError) -> GenerationPointer {
        try Self.checkName(name)
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[name] }), cached.sent.duration(to: now) < maximumStaleness { return cached.pointer }
        return try await stored(name).pointer
    }

    /// The pointer of `name` as stored now, with the revision a change must be written at (0: none yet).
    public func stored(_ name: String) async throws(ReadModelError) -> (pointer: GenerationPointer, revision: Int64) {
        try Self.checkName(name)
        let sent = ContinuousClock.now
        let read: (pointer: GenerationPointer, revision: Int64)
        if let document = try await store.document(Self.pointerID(name)) {
            read = (try Self.decode(document), document.revision)
        } else {
            read = (.initial, 0)
        }
        remember(name, read.pointer, sent: sent)
        return read
    }

    /// Applies `change` to the pointer of `name` as stored now and writes it back, on the condition that nobody
    /// changed it meanwhile (else `changed`); returns what `change` returns.
    public func change<Result>(
        _ name: String, _ change: (inout GenerationPointer) throws(GenerationError) -> Result
    ) async throws(GenerationError) -> Result {
        let sent = ContinuousClock.now
        let read: (pointer: GenerationPointer, revision: Int64)
        do {
            read = try await stored(name)
        } catch {
            throw .readModels(error)
        }
        var changed = read.pointer
        let result = try change(&changed)
        try await write(changed, of: name, at: read.revision)
        remember(name, changed, sent: sent)
        return result
    }

    /// Makes `generation` the one readers of `name` read (a rollback is a switch back): one conditional write.
    public func switchTo(_ generation: Int, of name: String) async throws(GenerationError) {
        try await change(name) { (pointer) throws(GenerationError) in try pointer.switchTo(generation) }
    }

    /// Stops writing `generation` of `name` (abandoning its rebuild, if it is one's target).
    public func retire(_ generation: Int, of name: String) async throws(GenerationError) {
        try await change(name) { (pointer) throws(GenerationError) in try pointer.retire(generation) }
    }

    /// Writes `pointer` as `name`'s over revision `revision`: `changed` if it is no longer at that revision.
    func write(_ pointer: GenerationPointer, of name: String, at revision: Int64) async throws(GenerationError) {
        let body: JSON
        do {
            body = try JSONValueEncoder().encode(pointer)
        } catch {
            throw .invalid("the generations of \(name) cannot be encoded: \(error)")
        }
        do {
            try await store.write(StoredDocument(id: Self.pointerID(name), body: body, versions: [:], revision: 0), expectedRevision: revision)
        } catch .conflict {
            throw .changed(name)
        } catch {
            throw .readModels(error)
        }
    }

    private func remember(_ name: String, _ pointer: GenerationPointer, sent: ContinuousClock.Instant) {
        cache.withLock { cache in
            if let cached = cache[name], cached.sent > sent { return }
            cache[name] = Cached(pointer: pointer, sent: sent)
        }
    }

    /// A pointer document's contents, checked: `current` among `writing`, numbers within `highest`.
    static func decode(_ document: StoredDocument) throws(ReadModelError) -> GenerationPointer {
        let pointer: GenerationPointer
        do {
            pointer = try JSONValueDecoder().decode(GenerationPointer.self, from: document.body)
        } catch {
            throw .corrupt("\(document.id): \(error)")
        }
        guard pointer.writing.contains(pointer.current), pointer.writing.allSatisfy({ (1...pointer.highest).contains($0) }),
              pointer.rebuild.map({ pointer.writing.contains($0.target) && !$0.segments.isEmpty }) ?? true
        else { throw .corrupt("\(document.id) is inconsistent: current \(pointer.current), writing \(pointer.writing), highest \(pointer.highest)") }
        return pointer
    }

    /// Checks that `name` is a projection's name: valid, and not one of the library's (starting with `_`).
    public static func checkName(_ name: String) throws(ReadModelError) {
        guard !name.hasPrefix("_"), !name.contains("#") else {
            throw .invalid("read-model name \(JSONWriter.quoted(name)) is reserved: names starting with '_' are the library's, '#' marks a generation")
        }
        try ReadModelItemLayout.check(DocumentID(readModel: name, key: "-"))
    }
}
