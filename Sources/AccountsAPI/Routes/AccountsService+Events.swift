import BankDomain
import DynamoDB
import EventSourcing
import Foundation

extension AccountsService {
    /// `GET /accounts/{id}/events?after=N&limit=M`: the account's events from the event store, oldest first.
    func events(_ request: HTTPRequest, _ parameters: [String: String]) async throws(APIError) -> HTTPResponse {
        let caller = try authMode.caller(of: request)
        let id = try RequestRules.accountID(parameters["id"])
        let after = try RequestRules.integerQuery(request, "after") ?? 0
        let limit = Int(min(max(try RequestRules.integerQuery(request, "limit") ?? 100, 1), 1_000))
        do {
            // The owner is in the first event: another owner's account answers as a missing one does.
            let first = try await store.events(streamID: id.streamID, after: 0, upTo: 1, limit: 1).first
            guard let first, case .opened(let opened)? = try? AccountEvent.serializer.deserialize(first), opened.owner == caller else {
                throw APIError.notFound
            }
            let page = try await store.events(streamID: id.streamID, after: after, upTo: nil, limit: limit + 1)
            let shown = page.prefix(limit)
            let next = page.count > limit ? shown.last.map { String($0.version) } ?? "null" : "null"
            let items = shown.map { event in
                #"{"version":\#(event.version),"type":"\#(JSONString.escape(event.type))","timestamp":"\#(Self.iso8601(event.metadata.timestamp))","data":\#(Self.json(.m(event.payload)))}"#
            }
            let body = #"{"events":[\#(items.joined(separator: ","))],"next":\#(next)}"#
            return .json(200, Array(body.utf8))
        } catch let error as APIError {
            throw error
        } catch let error as EventStoreError {
            if case .unavailable = error { throw .unavailable() }
            throw .internalError
        } catch {
            throw .internalError
        }
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// An attribute value as JSON: numbers written exactly as stored, binary as base64, sets as arrays.
    static func json(_ value: AttributeValue) -> String {
        switch value {
        case .s(let text): "\"\(JSONString.escape(text))\""
        case .n(let number): number
        case .b(let data): "\"\(data.base64EncodedString())\""
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .ss(let texts): "[" + texts.map { "\"\(JSONString.escape($0))\"" }.joined(separator: ",") + "]"
        case .ns(let numbers): "[" + numbers.joined(separator: ",") + "]"
        case .bs(let blobs): "[" + blobs.map { "\"\($0.base64EncodedString())\"" }.joined(separator: ",") + "]"
        case .l(let list): "[" + list.map(json).joined(separator: ",") + "]"
        case .m(let map): "{" + map.keys.sorted().map { "\"\(JSONString.escape($0))\":\(json(map[$0]!))" }.joined(separator: ",") + "}"
        }
    }
}
