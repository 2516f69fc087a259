import EventSourcingJSON

/// The JSON body of a DynamoDB error: `__type`, `message` (or `Message`), the existing `Item` of a failed condition
/// that asked for `ALL_OLD`, and a transaction's `CancellationReasons`.
struct DynamoDBErrorBody: DynamoDBJSONDecodable {
    /// The error's name, without its namespace (`com.amazonaws.dynamodb.v20120810#`).
    var type = ""
    var message: String?
    var item: Item?
    var cancellationReasons: [DynamoDBError.CancellationReason] = []

    private init() {}

    init(scanning scanner: inout JSONScanner) throws(JSONError) {
        var body = DynamoDBErrorBody()
        try scanner.members { (key, scanner) throws(JSONError) in
            switch key {
            case "__type":
                let type = try scanner.string()
                body.type = type.split(separator: "#").last.map(String.init) ?? type
            case "message", "Message": body.message = try scanner.nullableString()
            case "Item": body.item = try scanner.nullableItem()
            case "CancellationReasons":
                try scanner.beginArray()
                while try scanner.nextElement() { body.cancellationReasons.append(try Self.reason(&scanner)) }
            default: try scanner.skipValue()
            }
        }
        self = body
    }

    /// One action's reason: `{"Code", "Message", "Item"}` (`Code` is `None` for actions that were fine).
    private static func reason(_ scanner: inout JSONScanner) throws(JSONError) -> DynamoDBError.CancellationReason {
        var reason = DynamoDBError.CancellationReason(code: "None")
        try scanner.members { (key, scanner) throws(JSONError) in
            switch key {
            case "Code": reason.code = try scanner.nullableString() ?? "None"
            case "Message": reason.message = try scanner.nullableString()
            case "Item": reason.item = try scanner.nullableItem()
            default: try scanner.skipValue()
            }
        }
        return reason
    }
}
