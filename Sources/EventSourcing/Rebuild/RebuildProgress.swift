/// How far a rebuild has got, for a person to follow: segments, streams and events done, the rate, the time left.
public struct RebuildProgress: Sendable, CustomStringConvertible {
    /// The read model.
    public var readModel: String
    /// The generation being filled.
    public var target: Int
    /// Segments of the scan.
    public var segments: Int
    /// Segments read to their end.
    public var segmentsDone: Int
    /// Streams read so far, over every run of this rebuild.
    public var streams: Int
    /// Events read so far, over every run of this rebuild.
    public var events: Int
    /// Items (events or not) read so far, over every run of this rebuild.
    public var items: Int
    /// About how many items the store holds (nil when it cannot say).
    public var estimatedItems: Int?
    /// Items read by this run.
    public var itemsThisRun: Int
    /// Events read by this run.
    public var eventsThisRun: Int
    /// How long this run has lasted.
    public var elapsed: Duration
    /// Capacity this run has spent: the scan, the documents read and written, the events read to fill gaps.
    public var capacity: Capacity

    /// Events folded per second by this run.
    public var eventsPerSecond: Double { eventsThisRun == 0 ? 0 : Double(eventsThisRun) / max(elapsed.seconds, 0.001) }

    /// The time left at this run's rate, from the estimated item count; nil when there is no estimate or no rate yet.
    public var estimatedTimeLeft: Duration? {
        guard let estimatedItems, itemsThisRun > 0, elapsed > .zero else { return nil }
        let left = Double(max(0, estimatedItems - items)) / (Double(itemsThisRun) / elapsed.seconds)
        return .milliseconds(Int64(left * 1_000))
    }

    /// True once every segment is done.
    public var isComplete: Bool { segmentsDone == segments }

    /// The target generation, segments, streams, events and items done, the rate and the time left, in one line.
    public var description: String {
        var text = "\(GenerationPointer.storedName(readModel, generation: target)): \(segmentsDone)/\(segments) segments, \(streams) streams, \(events) events"
        text += estimatedItems.map { " (\(items) of about \($0) items)" } ?? " (\(items) items)"
        text += ", \(Int(eventsPerSecond.rounded())) events/s"
        if isComplete {
            text += ", done"
        } else if let left = estimatedTimeLeft {
            text += ", about \(Int(left.seconds.rounded(.up))) s left"
        }
        return text
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
