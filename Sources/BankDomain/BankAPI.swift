import EventSourcing
import EventSourcingLambda

/// The bank's HTTP API (product.md): four commands, the events of an account, and the two read models.
public enum BankAPI {
    /// A deposit's or withdrawal's body.
    public struct AmountBody: Codable, Sendable {
        /// The amount, in cents.
        public var amount: Amount
    }

    /// The routes `CommandFunction` serves.
    public static let routes = CommandAPI(
        AccountHandler(), serializer: AccountEvent.serializer, id: AccountID.self, alreadyExists: AccountError.alreadyExists.apiError)
        .command("POST", "/accounts/{id}/open", creates: true, status: 201) { (_: NoBody, request) in .open(owner: request.caller) }
        .command("POST", "/accounts/{id}/deposit") { (body: AmountBody, _) in .deposit(body.amount) }
        .command("POST", "/accounts/{id}/withdraw") { (body: AmountBody, _) in .withdraw(body.amount) }
        .command("POST", "/accounts/{id}/close") { (_: NoBody, _) in .close }
        .events("GET", "/accounts/{id}/events")
        .document("GET", "/accounts/{id}", AccountSummaryProjection())
        .callerDocument("GET", "/accounts", OwnerAccountsProjection()) { list, caller in OwnerAccountsView(list, owner: caller) }

    /// The read models `StreamProjector` keeps.
    public static let projections: [any Projection<AccountEvent>] = [AccountSummaryProjection(), OwnerAccountsProjection()]
}

extension AccountError: APIErrorConvertible {
    /// The bank's error codes (product.md).
    public var apiError: APIError {
        switch self {
        case .alreadyExists: APIError(409, "already_exists", "the account already exists")
        case .notFound: .notFound
        case .insufficientFunds(let balance, let requested):
            APIError(422, "insufficient_funds", "the balance is \(balance), less than the \(requested) requested")
        case .accountClosed: APIError(422, "account_closed", "the account is closed")
        case .balanceNotZero(let balance): APIError(422, "balance_not_zero", "the balance is \(balance); an account closes at 0")
        case .balanceLimitExceeded: APIError(422, "balance_limit_exceeded", "the deposit would exceed the largest balance an account can hold")
        }
    }
}
