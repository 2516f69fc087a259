import EventSourcing
import EventSourcingDynamoDBClient
import EventSourcingJSON

/// An event item read from a `Query` page attribute by attribute into `EventItemLayout.EventAttributes`: the
/// attributes an event is read from are matched by their names' bytes and kept, the others checked and dropped, with no
/// dictionary in between. A kept attribute named twice is refused, as `JSONItem` refuses any.
package struct EventItemRow: DynamoDBItemDecodable {
    package var attributes = EventItemLayout.EventAttributes()

    private static let keys = JSONKeys(EventItemLayout.eventAttributeNames)

    package init(scanningItem scanner: inout JSONScanner, previous: EventItemRow?) throws(JSONError) {
        try scanner.beginObject()
        while true {
            let nameOffset = scanner.offset
            guard let index = try scanner.nextKey(in: Self.keys) else { return }
            let value = try JSON(scanningAttributeValue: &scanner)
            guard index < Self.keys.count else { continue }
            guard attributes.values[index] == nil else {
                throw JSONError("the attribute \"\(Self.keys.names[index])\" appears twice", at: nameOffset)
            }
            attributes.values[index] = value
        }
    }
}
