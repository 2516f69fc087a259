import EventSourcing
import EventSourcingDynamoDBClient

extension EventFeed {
    /// Indexes the events of a batch of the events table's stream records: each event item's INSERT (an event item
    /// is put once; any later record of it is not a new event), nothing else. A record that claims to be an event but
    /// cannot be read stops indexing there, as it stops the projector. The failure's index is the record's.
    public func index(_ records: [StreamRecord]) async -> FeedIndexOutcome {
        var events: [StoredEvent] = []
        var recordIndex: [Int] = []
        var unreadable: (index: Int, reason: String)?
        for (index, record) in records.enumerated() {
            switch ProjectorRecord(record) {
            case .event(let event) where record.eventName == .insert:
                events.append(event)
                recordIndex.append(index)
            case .unreadable(let reason):
                unreadable = (index, reason)
            default:
                continue
            }
            if unreadable != nil { break }
        }
        var outcome = await index(events)
        if let failure = outcome.failure {
            outcome.failure?.index = recordIndex[failure.index]
        } else if let unreadable {
            outcome.failure = .init(index: unreadable.index, reason: unreadable.reason)
        }
        return outcome
    }
}
