@testable import EventSourcing
import Testing

@Suite("Random UUIDs for event and command ids")
struct RandomUUIDTests {
    @Test("lower-case text in the 8-4-4-4-12 form, version 4, the RFC 4122 variant, never the same twice")
    func form() {
        let ids = (0..<10_000).map { _ in RandomUUID.string() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(500) {
            let groups = id.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12])
            #expect(id.allSatisfy { "0123456789abcdef-".contains($0) })
            #expect(groups[2].first == "4")
            #expect(groups[3].first.map { "89ab".contains($0) } == true)
        }
    }

    @Test("every hex digit outside the version and variant bits varies")
    func randomness() {
        let ids = (0..<2_000).map { _ in Array(RandomUUID.string().utf8) }
        for position in 0..<36 where ![8, 13, 14, 18, 19, 23].contains(position) {
            #expect(Set(ids.map { $0[position] }).count > 8, "position \(position)")
        }
    }
}
