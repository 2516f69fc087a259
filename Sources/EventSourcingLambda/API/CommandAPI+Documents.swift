import EventSourcing

extension CommandAPI {
    /// A document route for one stream's document (a projection partitioned `byStream`): `{id}` names the stream,
    /// the document is shown to its owner only (another's answers 404, as a missing one does, and after as long a
    /// wait), with the stream's version applied as `ETag`. `?minVersion=N` waits (up to the services'
    /// `projectionWait`) for the document to reach version N, and answers `X-Projection-Stale: true` if it has not.
    public func document<P: Projection>(_ method: String, _ path: String, _ projection: P) -> Self
    where P.Event == Handler.State.Event, P.Document: OwnedDocument {
        guard let documentKey = projection.partition.streamKey else {
            preconditionFailure("\(P.name): a document route by id needs a projection partitioned byStream")
        }
        Self.checkName(P.self)
        return adding(method, path) { request, parameters, services throws(APIError) in
            let caller = try services.authMode.caller(of: request)
            let id = try ID.parse(parameters)
            let wanted = try RequestRules.integerQuery(request, "minVersion")
            guard let key = documentKey(id.streamID) else { throw APIError.notFound }
            let clock = ContinuousClock()
            let end = clock.now + services.projectionWait
            var model = try await Self.visible(P.self, key: key, to: caller, in: services)
            while let wanted, (model?.version(of: id.streamID) ?? 0) < wanted, clock.now < end {
                try? await Task.sleep(for: .milliseconds(50))
                model = try await Self.visible(P.self, key: key, to: caller, in: services)
            }
            guard let model else { throw APIError.notFound }
            let version = model.version(of: id.streamID)
            var headers = ["ETag": "\"\(version)\""]
            if let wanted, version < wanted { headers["X-Projection-Stale"] = "true" }
            return .json(200, try Self.body(model.document), headers: headers)
        }
    }

    /// A document route for the caller's own document (a projection keyed by the caller, such as an owner's
    /// list): `present` turns it — nil when the caller has none yet — into the body.
    public func callerDocument<P: Projection, View: Encodable & Sendable>(
        _ method: String, _ path: String, _ projection: P, present: @escaping @Sendable (P.Document?, String) -> View
    ) -> Self where P.Event == Handler.State.Event {
        Self.checkName(P.self)
        return adding(method, path) { request, _, services throws(APIError) in
            let caller = try services.authMode.caller(of: request)
            let model = try await Self.read(P.self, key: caller, in: services)
            return .json(200, try Self.body(present(model?.document, caller)))
        }
    }

    /// The document under `key` when it belongs to `caller`, else nil.
    private static func visible<P: Projection>(
        _ projection: P.Type, key: String, to caller: String, in services: APIServices<Handler>
    ) async throws(APIError) -> ReadModel<P.Document>? where P.Document: OwnedDocument {
        guard let model = try await read(projection, key: key, in: services), model.document.owner == caller else { return nil }
        return model
    }

    /// The document under `key` in the read model's current generation.
    private static func read<P: Projection>(_ projection: P.Type, key: String, in services: APIServices<Handler>) async throws(APIError) -> ReadModel<P.Document>? {
        do {
            let generation = try await services.generations.pointer(of: P.name).current
            return try await services.readModels.read(projection, key: key, generation: generation)
        } catch {
            if case .unavailable = error { throw APIError.unavailable().causedBy(error.description) }
            throw APIError.internalError.causedBy(error.description)
        }
    }

    /// A response body: members in declaration order, dates as ISO 8601.
    static func body(_ value: some Encodable) throws(APIError) -> [UInt8] {
        do {
            return try JSONValueEncoder(dates: .iso8601).encodeBytes(value)
        } catch {
            throw APIError.internalError.causedBy("the response cannot be encoded: \(error)")
        }
    }

    /// A route's read model must have a projection's name: `_` starts the library's own.
    private static func checkName<P: Projection>(_ projection: P.Type) {
        do {
            try ReadModelGenerations.checkName(P.name)
        } catch {
            preconditionFailure("\(P.name): \(error)")
        }
    }
}
