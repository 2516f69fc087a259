import EventSourcing
@testable import EventSourcingTesting
import Testing

@Suite("A read model's generations")
struct GenerationPointerTests {
    @Test("generation 1 keeps the read model's own name; a later one adds '#N'")
    func storedNames() {
        #expect(GenerationPointer.storedName("owner-accounts", generation: 1) == "owner-accounts")
        #expect(GenerationPointer.storedName("owner-accounts", generation: 3) == "owner-accounts#3")
    }

    @Test("a rebuild adds a fresh generation to those written; beginning again resumes it; numbers are never reused")
    func rebuilds() throws {
        var pointer = GenerationPointer.initial
        let rebuild = try pointer.beginRebuild(segments: 4)
        #expect(rebuild.target == 2 && rebuild.segments.count == 4 && pointer.writing == [1, 2] && pointer.current == 1)
        #expect(try pointer.beginRebuild(segments: 9) == rebuild)
        try pointer.retire(2)
        #expect(pointer.rebuild == nil && pointer.writing == [1])
        #expect(try pointer.beginRebuild(segments: 1).target == 3)
    }

    @Test("a switch needs a written generation, and a rebuild's target only once it is complete; the old one stays written")
    func switches() throws {
        var pointer = GenerationPointer.initial
        let target = try pointer.beginRebuild(segments: 2).target
        #expect(throws: GenerationError.rebuildIncomplete(target)) { try pointer.switchTo(target) }
        #expect(throws: GenerationError.notWritten(7, writing: [1, 2])) { try pointer.switchTo(7) }
        for segment in 0..<2 { pointer.rebuild?.segments[segment].finished = true }
        try pointer.switchTo(target)
        #expect(pointer.current == target && pointer.writing == [1, target] && pointer.rebuild == nil)
        try pointer.switchTo(1)
        #expect(pointer.current == 1)
    }

    @Test("the current generation cannot be retired, nor can more than four generations be written at once")
    func limits() throws {
        var pointer = GenerationPointer.initial
        #expect(throws: GenerationError.self) { try pointer.retire(1) }
        for _ in 1...3 {
            let target = try pointer.beginRebuild(segments: 1).target
            pointer.rebuild?.segments[0].finished = true
            try pointer.switchTo(target)
        }
        #expect(pointer.writing == [1, 2, 3, 4])
        #expect(throws: GenerationError.self) { try pointer.beginRebuild(segments: 1) }
        #expect(throws: GenerationError.self) { try pointer.beginRebuild(segments: 0) }
    }

    @Test("names starting with '_' are the library's: a projection named so fails its batch, saying why")
    func reservedNames() async throws {
        struct Reserved: Projection {
            static let name = "_generations"
            let partition = Partition<LedgerEvent>.byStream { $0 }
            func apply(_ event: RecordedEvent<LedgerEvent>, to document: Int?) throws -> Int { (document ?? 0) + 1 }
        }
        let world = LedgerWorld(readModels: InMemoryReadModelStore())
        let records = try await world.append("a", [.added(Added(amount: 1))])
        let outcome = await Projector(serializer: LedgerEvent.serializer, eventStore: world.events, readModels: world.readModels, projections: [Reserved()]).project(records)
        #expect(outcome.failure?.index == 0 && outcome.failure?.reason.contains("reserved") == true)
    }

    @Test("a pointer stored inconsistent is refused as corrupt, not obeyed")
    func corruptPointer() async throws {
        let store = InMemoryReadModelStore()
        let body = try JSONValueEncoder().encode(GenerationPointer(current: 3, writing: [1], highest: 2, rebuild: nil))
        try await store.write(StoredDocument(id: ReadModelGenerations.pointerID("totals"), body: body, versions: [:], revision: 0), expectedRevision: 0)
        await #expect(throws: ReadModelError.self) { try await ReadModelGenerations(store: store).currentName(of: "totals") }
    }
}
