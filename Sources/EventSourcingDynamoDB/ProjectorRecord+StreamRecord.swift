import EventSourcing
import EventSourcingDynamoDBClient

extension ProjectorRecord {
    /// What a record of the events table's stream is to the projector: an event (from its new image, on INSERT or
    /// MODIFY — a MODIFY adds a snapshot to an event already applied, so it is a duplicate), something to skip
    /// (removals such as TTL expiry, kept decisions, items that are not events), or unreadable (an item that
    /// claims to be an event but lacks a required attribute).
    public init(_ record: StreamRecord) {
        guard record.eventName != .remove else {
            self = .skip(record.isTimeToLiveRemoval ? "TTL removal" : "removal")
            return
        }
        guard let image = record.dynamodb.newImage else {
            self = .skip("no new image")
            return
        }
        do {
            if let event = try EventItemLayout.event(from: JSON.attributes(image)) {
                self = .event(event)
            } else {
                self = .skip("not an event (\(image["kind"]?.stringValue ?? "no kind"))")
            }
        } catch {
            self = .unreadable(error.description)
        }
    }
}
