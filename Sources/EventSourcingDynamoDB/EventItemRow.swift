import EventSourcing
import EventSourcingDynamoDBClient
import EventSourcingJSON

/// An event item read from a `Query` page attribute by attribute into `EventItemLayout.EventAttributes`: the
/// attributes an event is read from are matched by their names' bytes and kept, the others checked and dropped, with no
/// dictionary in between. A kept attribute named twice is refused, as `JSONItem` refuses any; a dropped one is not
/// checked for a second appearance (DynamoDB never sends an attribute twice).
package struct EventItemRow: DynamoDBItemDecodable {
    package var attributes = EventItemLayout.EventAttributes()

    private static let keys = JSONKeys(EventItemLayout.eventAttributeNames)

    package init(scanningItem scanner: inout JSONScanner, previous: EventItemRow?) throws(JSONError) {
        try scanner.beginObject()
        while true {
            let nameOffset = scanner.offset
            guard let index = try scanner.nextKey(in: Self.keys) else { return }
            let value = try JSON(scanningAttributeValue: &scanner)
            // The keys are the slots' names in the slots' order.
            guard let slot = EventItemLayout.EventAttributes.Slot(rawValue: index) else { continue }
            guard attributes[slot] == nil else {
                throw JSONError("the attribute \"\(slot.name)\" appears twice", at: nameOffset)
            }
            attributes[slot] = value
        }
    }
}
