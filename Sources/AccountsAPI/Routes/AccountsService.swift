import BankDomain
import DynamoDB
import EventSourcing
import Foundation
import EventSourcingJSON

/// The routes of the accounts API, on the event store (commands, events) and, later, the read models.
public struct AccountsService: Sendable {
    public let dispatcher: CommandDispatcher<OwnedAccountHandler>
    public let store: any EventStore
    public let readModels: any ReadModelStore
    public let authMode: AuthMode
    /// How long `?minVersion=N` waits for the projection (product.md: about 2 s).
    public var projectionWait: Duration = .seconds(2)

    public init(store: any EventStore, readModels: any ReadModelStore, snapshotInterval: Int, authMode: AuthMode) {
        self.store = store
        self.readModels = readModels
        self.authMode = authMode
        let repository = Repository<Account>(store: store, serializer: AccountEvent.serializer, snapshotInterval: snapshotInterval)
        dispatcher = CommandDispatcher(handler: OwnedAccountHandler(), repository: repository)
    }

    /// Every route; an unknown one is 404, a known path with another method 405.
    public static let router: Router<AccountsService> = {
        var router = Router<AccountsService>()
        router.on("POST", "/accounts/{id}/open") { request, parameters, service throws(APIError) in
            try await service.command(request, parameters, allowed: []) { _ throws(APIError) in .open(owner: try service.authMode.caller(of: request)) }
        }
        router.on("POST", "/accounts/{id}/deposit") { request, parameters, service throws(APIError) in
            try await service.command(request, parameters, allowed: ["amount"]) { body throws(APIError) in .deposit(try RequestRules.amount(body)) }
        }
        router.on("POST", "/accounts/{id}/withdraw") { request, parameters, service throws(APIError) in
            try await service.command(request, parameters, allowed: ["amount"]) { body throws(APIError) in .withdraw(try RequestRules.amount(body)) }
        }
        router.on("POST", "/accounts/{id}/close") { request, parameters, service throws(APIError) in
            try await service.command(request, parameters, allowed: []) { _ throws(APIError) in .close }
        }
        router.on("GET", "/accounts/{id}/events") { request, parameters, service throws(APIError) in
            try await service.events(request, parameters)
        }
        router.on("GET", "/accounts/{id}") { request, parameters, service throws(APIError) in
            try await service.account(request, parameters)
        }
        router.on("GET", "/accounts") { request, _, service throws(APIError) in
            try await service.accounts(request)
        }
        return router
    }()

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await Self.router.respond(to: request, context: self)
        } catch {
            return HTTPResponse(error)
        }
    }

    // MARK: Commands

    private func command(
        _ request: HTTPRequest, _ parameters: [String: String], allowed: Set<String>,
        _ make: ([String: JSON]) throws(APIError) -> AccountCommand
    ) async throws(APIError) -> HTTPResponse {
        let caller = try authMode.caller(of: request)
        let id = try RequestRules.accountID(parameters["id"])
        let command = try make(try RequestRules.jsonObject(request, allowed: allowed))
        let expected = try RequestRules.expectedVersion(request)
        let idempotency = try RequestRules.idempotencyKey(request).map {
            IdempotencyKey(scope: caller, key: $0, request: Self.fingerprint(request.method, id, command, expected))
        }
        let result: CommandResult
        do {
            result = try await dispatcher.dispatch(
                OwnedCommand(caller: caller, command: command), to: id.streamID, expectedVersion: expected,
                context: CommandContext(correlationID: request.requestID.isEmpty ? nil : request.requestID), idempotency: idempotency)
        } catch {
            var answer = Self.apiError(error)
            if error.isReplayed { answer.headers["Idempotent-Replayed"] = "true" }
            throw answer
        }
        var headers = ["ETag": "\"\(result.version)\""]
        if result.replayed { headers["Idempotent-Replayed"] = "true" }
        var body = JSONWriter()
        body.beginObject()
        body.key("id"); body.string(id.rawValue)
        body.key("version"); body.number(result.version)
        body.key("events"); body.beginArray()
        for event in result.events { body.string(event) }
        body.endArray()
        body.endObject()
        let status = if case .open = command { 201 } else { 200 }
        return .json(status, body.bytes, headers: headers)
    }

    /// The canonical bytes of what a command request means: method, account, the decoded command and the
    /// expected version. Two requests with the same meaning (`100` and `100.0`) have the same fingerprint.
    static func fingerprint(_ method: String, _ id: AccountID, _ command: AccountCommand, _ expected: Int64?) -> [UInt8] {
        let meaning: JSON = switch command {
        case .open(let owner): .array([.string("open"), .string(owner)])
        case .deposit(let amount): .array([.string("deposit"), .number(String(amount.cents))])
        case .withdraw(let amount): .array([.string("withdraw"), .number(String(amount.cents))])
        case .close: .array([.string("close")])
        }
        return JSONWriter.bytes(.array([.string(method), .string(id.rawValue), meaning, expected.map { .number(String($0)) } ?? .null]))
    }

    /// The API's answer to a failed dispatch (product.md's status and code table); internal causes go to the log.
    static func apiError(_ error: DispatchError<AccountError>) -> APIError {
        switch error {
        case .rejected(let failure, _):
            switch failure {
            case .alreadyExists: APIError(409, "already_exists", "the account already exists")
            case .notFound: .notFound
            case .insufficientFunds(let balance, let requested):
                APIError(422, "insufficient_funds", "the balance is \(balance), less than the \(requested) requested")
            case .accountClosed: APIError(422, "account_closed", "the account is closed")
            case .balanceNotZero(let balance): APIError(422, "balance_not_zero", "the balance is \(balance); an account closes at 0")
            case .balanceLimitExceeded: APIError(422, "balance_limit_exceeded", "the deposit would exceed the largest balance an account can hold")
            }
        case .versionMismatch(let expected, let actual, _):
            APIError(412, "version_mismatch", "the account is at version \(actual), not \(expected)", headers: ["ETag": "\"\(actual)\""])
        case .concurrencyConflict:
            APIError(409, "concurrency_conflict", "the account changed concurrently; retry")
        case .idempotencyKeyReused:
            APIError(409, "idempotency_key_reused", "this Idempotency-Key was used for a different request")
        case .repository(.store(.unavailable)):
            APIError.unavailable().causedBy(error.description)
        case .repository:
            APIError.internalError.causedBy(error.description)
        }
    }
}
