import EventSourcing

extension CommandAPI {
    /// A command route: the body (`Body`, unknown fields refused) and the request make the command, which runs
    /// on the stream `{id}` names. It answers `status` with `{"id", "version", "events"}` and the new version as
    /// `ETag`; `If-Match: "N"` runs it only at version N; `Idempotency-Key` makes a repeat get the first decision.
    /// A `creates` route may run on a stream that does not exist yet (its caller becomes the owner); any other
    /// runs only on its caller's streams.
    public func command<Body: Codable & Sendable>(
        _ method: String, _ path: String, creates: Bool = false, status: Int = 200,
        _ make: @escaping @Sendable (Body, CommandRequest<ID>) throws(APIError) -> Handler.Command
    ) -> Self {
        let alreadyExists = self.alreadyExists
        return adding(method, path) { request, parameters, services throws(APIError) in
            let caller = try services.authMode.caller(of: request)
            let id = try ID.parse(parameters)
            let body = try RequestRules.body(Body.self, of: request)
            let command = try make(body, CommandRequest(caller: caller, id: id, parameters: parameters))
            let expected = try RequestRules.expectedVersion(request)
            let idempotency = try RequestRules.idempotencyKey(request).map { key throws(APIError) in
                IdempotencyKey(scope: caller, key: key, request: try Self.fingerprint(method, path, id, body, expected))
            }
            let result: CommandResult
            do throws(DispatchError<AccessFailure<Handler.Failure>>) {
                result = try await services.dispatcher.dispatch(
                    CallerCommand(caller: caller, command: command, creates: creates), to: id.streamID, expectedVersion: expected,
                    context: CommandContext(correlationID: request.requestID.isEmpty ? nil : request.requestID), idempotency: idempotency)
            } catch {
                var answer = Self.answer(to: error, alreadyExists: alreadyExists)
                if error.isReplayed { answer.headers["Idempotent-Replayed"] = "true" }
                throw answer
            }
            var headers = ["ETag": "\"\(result.version)\""]
            if result.replayed { headers["Idempotent-Replayed"] = "true" }
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("id"); writer.string(id.rawValue)
            writer.key("version"); writer.number(result.version)
            writer.key("events"); writer.beginArray()
            for event in result.events { writer.string(event) }
            writer.endArray()
            writer.endObject()
            return .json(status, writer.bytes, headers: headers)
        }
    }

    /// The canonical bytes of what a command request means: method, route, id, the decoded body (re-encoded with
    /// sorted keys, so `100` and `100.0` are one request) and the expected version.
    static func fingerprint<Body: Encodable>(_ method: String, _ route: String, _ id: ID, _ body: Body, _ expected: Int64?) throws(APIError) -> [UInt8] {
        let meaning: JSON
        do {
            meaning = try JSONValueEncoder().encode(body)
        } catch {
            throw APIError.internalError.causedBy("the request body cannot be encoded: \(error)")
        }
        return JSONWriter.bytes(.array([.string(method), .string(route), .string(id.rawValue), meaning, expected.map { .number(String($0)) } ?? .null]))
    }

    /// The API's answer to a command that did not append; internal causes go to the log.
    static func answer(to error: DispatchError<AccessFailure<Handler.Failure>>, alreadyExists: APIError) -> APIError {
        switch error {
        case .rejected(.domain(let failure), _): failure.apiError
        case .rejected(.notFound, _): .notFound
        case .rejected(.alreadyExists, _): alreadyExists
        case .versionMismatch(let expected, let actual, _): .versionMismatch(expected: expected, actual: actual)
        case .concurrencyConflict: .concurrencyConflict
        case .idempotencyKeyReused: .idempotencyKeyReused
        case .repository(.store(.unavailable)): APIError.unavailable().causedBy(error.description)
        case .repository: APIError.internalError.causedBy(error.description)
        }
    }
}
