#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the feed is laid out as items (a table with `pk` S and `sk` N, `EventSourcingTables.feed`):
///
/// | item | `pk` | `sk` | other attributes |
/// |---|---|---|---|
/// | entry | `feed#<position / 100>` | position | `stream`, `version`, `type`, `eventId`, `timestamp` (epoch s) |
/// | head | `head` | 0 | `next`: the next position to give |
/// | stream | `stream#<stream id>` | 0 | `version`: the last version indexed |
///
/// Entries are grouped 100 positions to a partition key: a reader reads a page with one `Query`, and no key ever
/// receives more than 100 entries, so writes move from key to key (and from partition to partition) as the feed
/// grows instead of heating one.
public enum FeedItemLayout {
    /// Positions per entry partition key.
    public static let bucketSize: Int64 = 100

    /// The partition key of the entries around `position`.
    public static func bucket(of position: Int64) -> String { "feed#\(position / bucketSize)" }

    /// The key of the entry at `position`.
    public static func entryKey(_ position: Int64) -> [String: JSON] {
        ["pk": .string(bucket(of: position)), "sk": .number(String(position))]
    }

    /// The key of the head.
    public static let headKey: [String: JSON] = ["pk": .string("head"), "sk": .number("0")]

    /// The key of a stream's indexed version.
    public static func streamKey(_ streamID: String) -> [String: JSON] {
        ["pk": .string("stream#" + streamID), "sk": .number("0")]
    }

    /// The item of an entry.
    public static func item(for entry: FeedEntry) -> [String: JSON] {
        var item = entryKey(entry.position)
        item["stream"] = .string(entry.streamID)
        item["version"] = .number(String(entry.version))
        item["type"] = .string(entry.type)
        item["eventId"] = .string(entry.eventID)
        item["timestamp"] = (try? JSONValueEncoder().encode(entry.timestamp)) ?? .number("0")
        return item
    }

    /// The entry an item holds; an item lacking an attribute is `corrupt`, naming it.
    public static func entry(from item: [String: JSON]) throws(FeedError) -> FeedEntry {
        guard let position = item["sk"]?.int64Value, case .string(let stream)? = item["stream"], let version = item["version"]?.int64Value,
              case .string(let type)? = item["type"], case .string(let eventID)? = item["eventId"],
              case .number(let seconds)? = item["timestamp"], let timestamp = Double(seconds)
        else { throw .corrupt("the feed entry \(item["sk"]?.text ?? "?") lacks a required attribute") }
        return FeedEntry(position: position, streamID: stream, version: version, type: type, eventID: eventID, timestamp: Date(timeIntervalSince1970: timestamp))
    }
}
