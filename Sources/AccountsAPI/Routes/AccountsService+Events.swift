import BankDomain
import DynamoDB
import EventSourcing
import EventSourcingJSON
import Foundation

extension AccountsService {
    /// `GET /accounts/{id}/events?after=N&limit=M`: the account's events from the event store, oldest first.
    func events(_ request: HTTPRequest, _ parameters: [String: String]) async throws(APIError) -> HTTPResponse {
        let caller = try authMode.caller(of: request)
        let id = try RequestRules.accountID(parameters["id"])
        let after = try RequestRules.integerQuery(request, "after") ?? 0
        let limit = Int(min(try RequestRules.integerQuery(request, "limit", minimum: 1) ?? 100, 1_000))
        do {
            // The owner is in the first event: another owner's account answers as a missing one does.
            guard let first = try await store.events(streamID: id.streamID, after: 0, upTo: 1, limit: 1).first else { throw APIError.notFound }
            guard case .opened(let opened) = try AccountEvent.serializer.deserialize(first), opened.owner == caller else {
                throw APIError.notFound
            }
            let page = try await store.events(streamID: id.streamID, after: after, upTo: nil, limit: limit + 1)
            let shown = page.prefix(limit)
            var body = JSONWriter()
            body.beginObject()
            body.key("events"); body.beginArray()
            for event in shown {
                body.beginObject()
                body.key("version"); body.number(event.version)
                body.key("type"); body.string(event.type)
                body.key("timestamp"); body.string(Self.iso8601(event.metadata.timestamp))
                body.key("data"); body.value(Self.json(.m(event.payload)))
                body.endObject()
            }
            body.endArray()
            body.key("next")
            if page.count > limit, let last = shown.last { body.number(last.version) } else { body.null() }
            body.endObject()
            return .json(200, body.bytes)
        } catch let error as APIError {
            throw error
        } catch let error as EventStoreError {
            throw Self.apiError(error)
        } catch {
            throw APIError.internalError.causedBy("events of \(id.streamID): \(error)")
        }
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// An attribute value as JSON: numbers written exactly as stored, binary as base64, sets as arrays.
    static func json(_ value: AttributeValue) -> JSON {
        switch value {
        case .s(let text): .string(text)
        case .n(let number): .number(number)
        case .b(let data): .string(data.base64EncodedString())
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .ss(let texts): .array(texts.map(JSON.string))
        case .ns(let numbers): .array(numbers.map(JSON.number))
        case .bs(let blobs): .array(blobs.map { .string($0.base64EncodedString()) })
        case .l(let list): .array(list.map(json))
        case .m(let map): .object(map.mapValues(json))
        }
    }

    /// The answer to a failed event-store read: 503 when it is unavailable, else 500; the cause goes to the log.
    static func apiError(_ error: EventStoreError) -> APIError {
        if case .unavailable = error { return APIError.unavailable().causedBy(error.description) }
        return APIError.internalError.causedBy(error.description)
    }
}
