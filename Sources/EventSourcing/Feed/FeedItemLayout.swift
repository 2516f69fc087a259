#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the feed is laid out as items (a table with `pk` S and `sk` N, `EventSourcingTables.feed`):
///
/// | item | `pk` | `sk` | other attributes |
/// |---|---|---|---|
/// | chunk | `feed#<start / 1000>` | its first position | `entries`: a list of `{stream, version, type, eventId, timestamp}`, one per position from `sk` |
/// | head | `head` | 0 | `next`: the next position to give |
/// | stream | `stream#<stream id>` | 0 | `version`: the last version indexed |
///
/// A chunk (what one indexing step writes) is one item: a step costs one item's write units, not one per entry,
/// and a reader reads its entries in one piece. Chunks are grouped by their first position, 1,000 positions to a
/// partition key: a reader pages through them with a `Query`, and no key ever receives more than 1,000 positions,
/// so writes move from key to key (and from partition to partition) as the feed grows instead of heating one.
public enum FeedItemLayout {
    /// Positions per chunk partition key.
    public static let bucketSize: Int64 = 1_000

    /// The partition key of the chunks starting around `position`.
    public static func bucket(of position: Int64) -> String { "feed#\(position / bucketSize)" }

    /// The key of the chunk starting at `position`.
    public static func chunkKey(_ start: Int64) -> [String: JSON] {
        ["pk": .string(bucket(of: start)), "sk": .number(String(start))]
    }

    /// The key of the head.
    public static let headKey: [String: JSON] = ["pk": .string("head"), "sk": .number("0")]

    /// The key of a stream's indexed version.
    public static func streamKey(_ streamID: String) -> [String: JSON] {
        ["pk": .string("stream#" + streamID), "sk": .number("0")]
    }

    /// The item of a chunk of entries at consecutive positions.
    public static func item(for entries: [FeedEntry]) -> [String: JSON] {
        var item = chunkKey(entries.first?.position ?? 0)
        item["entries"] = .array(entries.map(entry))
        return item
    }

    /// One entry within a chunk item (its position is the chunk's start plus its place).
    public static func entry(_ entry: FeedEntry) -> JSON {
        .object([
            "stream": .string(entry.streamID), "version": .number(String(entry.version)), "type": .string(entry.type),
            "eventId": .string(entry.eventID), "timestamp": (try? JSONValueEncoder().encode(entry.timestamp)) ?? .number("0"),
        ])
    }

    /// The entries a chunk item holds; an item lacking an attribute is `corrupt`, naming it.
    public static func entries(from item: [String: JSON]) throws(FeedError) -> [FeedEntry] {
        guard let start = item["sk"]?.int64Value, case .array(let list)? = item["entries"], !list.isEmpty else {
            throw .corrupt("the feed chunk \(item["sk"]?.text ?? "?") lacks its entries")
        }
        var entries: [FeedEntry] = []
        for (offset, element) in list.enumerated() {
            guard case .object(let fields) = element, case .string(let stream)? = fields["stream"], let version = fields["version"]?.int64Value,
                  case .string(let type)? = fields["type"], case .string(let eventID)? = fields["eventId"],
                  case .number(let seconds)? = fields["timestamp"], let timestamp = Double(seconds)
            else { throw .corrupt("entry \(offset) of the feed chunk \(start) lacks a required attribute") }
            entries.append(FeedEntry(
                position: start + Int64(offset), streamID: stream, version: version, type: type, eventID: eventID,
                timestamp: Date(timeIntervalSince1970: timestamp)))
        }
        return entries
    }
}
