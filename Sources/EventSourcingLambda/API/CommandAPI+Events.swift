import EventSourcing

extension CommandAPI {
    /// The events route: `{id}`'s events from the event store, oldest first, paged with `?after=N` (exclusive)
    /// and `?limit=M` (default 100, at most 1,000): `{"events": [{"version", "type", "timestamp", "data"}], "next"}`,
    /// `next` being the `after` of the following page, or null on the last. Only the stream's owner (decided by
    /// its first event) sees it.
    public func events(_ method: String, _ path: String) -> Self {
        adding(method, path) { request, parameters, services throws(APIError) in
            let caller = try services.authMode.caller(of: request)
            let id = try ID.parse(parameters)
            let after = try RequestRules.integerQuery(request, "after") ?? 0
            let limit = Int(min(try RequestRules.integerQuery(request, "limit", minimum: 1) ?? 100, 1_000))
            do {
                guard let first = try await services.eventStore.events(streamID: id.streamID, after: 0, upTo: 1, limit: 1).first else {
                    throw APIError.notFound
                }
                let owner = Handler.State().folding([try services.serializer.deserialize(first)]).owner
                guard owner == caller else { throw APIError.notFound }
                let page = try await services.eventStore.events(streamID: id.streamID, after: after, upTo: nil, limit: limit + 1)
                let shown = page.prefix(limit)
                var writer = JSONWriter()
                writer.beginObject()
                writer.key("events"); writer.beginArray()
                for event in shown {
                    writer.beginObject()
                    writer.key("version"); writer.number(event.version)
                    writer.key("type"); writer.string(event.type)
                    writer.key("timestamp"); writer.string(ISO8601Text.milliseconds(Int64((event.metadata.timestamp.timeIntervalSince1970 * 1000).rounded())))
                    writer.key("data"); writer.value(.object(event.payload))
                    writer.endObject()
                }
                writer.endArray()
                writer.key("next")
                if page.count > limit, let last = shown.last { writer.number(last.version) } else { writer.null() }
                writer.endObject()
                return .json(200, writer.bytes)
            } catch let error as APIError {
                throw error
            } catch let error as EventStoreError {
                if case .unavailable = error { throw APIError.unavailable().causedBy(error.description) }
                throw APIError.internalError.causedBy(error.description)
            } catch {
                throw APIError.internalError.causedBy("events of \(id.streamID): \(error)")
            }
        }
    }
}
