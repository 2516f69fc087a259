import EventSourcing
import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import LambdaRuntime

/// Serves a `CommandAPI` as a Lambda function behind API Gateway: HTTP API (2.0) and REST API (1.0) events, each
/// answered in its own format; one access-log line per request (status, `latencyMs`, the time spent waiting for
/// DynamoDB as `dynamoDBMs` over `dynamoDBRequests` attempts, and the cause of any 5xx); the invocation's deadline
/// (less half a second) passed down to DynamoDB; deferred work (snapshots) run after the answer is posted
/// (`LambdaContext.afterResponse`).
public struct CommandAPIHandler<Handler: CommandHandler, ID: StreamIdentifier>: LambdaHandler
where Handler.State: OwnedAggregate, Handler.Failure: APIErrorConvertible {
    /// The routes.
    public let api: CommandAPI<Handler, ID>
    /// What they run on.
    public let services: APIServices<Handler>

    /// A handler on the given services (for tests, or stores of your own).
    public init(_ api: CommandAPI<Handler, ID>, services: APIServices<Handler>) {
        self.api = api
        self.services = services
    }

    /// A handler on the DynamoDB tables the function's environment names (`FunctionConfiguration`).
    public init(_ api: CommandAPI<Handler, ID>, context: LambdaInitContext) throws(ConfigurationError) {
        let configuration = try FunctionConfiguration(environment: context.environment)
        let client = DynamoDBClient(configuration: configuration.dynamoDB)
        self.init(api, services: APIServices(
            handler: api.handler, serializer: api.serializer,
            eventStore: DynamoDBEventStore(client: client, table: configuration.eventsTable),
            readModels: DynamoDBReadModelStore(client: client, table: configuration.projectionsTable),
            snapshotInterval: configuration.snapshotInterval, stateCacheSize: configuration.stateCacheSize,
            authMode: configuration.authMode))
        context.logger.info("ready", metadata: ["eventsTable": configuration.eventsTable, "authMode": configuration.authMode.rawValue])
    }

    /// Answers one API Gateway event in the event's own format. Bytes that are not an API Gateway event throw
    /// `InvocationError.invalidEvent`.
    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let started = ContinuousClock.now
        let parsed: (format: HTTPRequest.Format, request: Result<HTTPRequest, APIError>)
        do {
            parsed = try APIGatewayEvent.request(from: event)
        } catch {
            throw InvocationError.invalidEvent(error.reason)
        }
        let request: HTTPRequest
        switch parsed.request {
        case .success(let read): request = read
        case .failure(let answer):
            // Refused before it became a request (a body flagged base64 that is not): logged all the same.
            context.logger.log(.info, "refused before routing → \(answer.status)", metadata: [
                "status": String(answer.status), "code": answer.code, "latencyMs": started.duration(to: .now).millisecondsText,
            ])
            return HTTPResponse(answer).eventBytes(parsed.format)
        }
        let deadline = ContinuousClock.now + context.remainingTime - .milliseconds(500)
        let deferred = DeferredWork()
        let timing = RequestTiming()
        let response = await DynamoDBClient.$deadline.withValue(deadline) {
            await DynamoDBClient.$timing.withValue(timing) {
                await DeferredWork.$current.withValue(deferred) { await respond(to: request) }
            }
        }
        var metadata = [
            "status": String(response.status), "apiRequestId": request.requestID,
            "latencyMs": started.duration(to: .now).millisecondsText, "dynamoDBMs": timing.waited.millisecondsText,
            "dynamoDBRequests": String(timing.attempts),
        ]
        if let cause = response.cause { metadata["cause"] = cause }
        context.logger.log(response.status >= 500 ? .error : .info, "\(request.method) \(request.path) → \(response.status)", metadata: metadata)
        if deferred.count > 0 {
            // Snapshots wait until the answer is posted, and run before the runtime asks for the next event: never
            // frozen with the sandbox half-written, never in the caller's way.
            let end = ContinuousClock.now + context.remainingTime
            context.afterResponse { await DynamoDBClient.$deadline.withValue(end) { await deferred.run() } }
        }
        return response.eventBytes(request.format)
    }

    /// The API's answer to `request`, errors included.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await api.router.respond(to: request, context: services)
        } catch {
            return HTTPResponse(error)
        }
    }
}
