import EventSourcing

/// What happens to an account, in the past tense. Each payload names itself once (`eventType`).
public enum AccountEvent: Equatable, Sendable {
    case opened(Opened)
    case deposited(Deposited)
    case withdrawn(Withdrawn)
    case closed(Closed)

    /// The account was opened by its owner.
    public struct Opened: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "Opened"
        /// The caller who opened the account, its owner from then on.
        public var owner: String
        /// The account was opened by `owner`.
        public init(owner: String) { self.owner = owner }
    }

    /// Money came in.
    public struct Deposited: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "Deposited"
        /// The amount deposited, in cents.
        public var amount: Int64
        /// `amount` cents came in.
        public init(amount: Int64) { self.amount = amount }
    }

    /// Money went out.
    public struct Withdrawn: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "Withdrawn"
        /// The amount withdrawn, in cents.
        public var amount: Int64
        /// `amount` cents went out.
        public init(amount: Int64) { self.amount = amount }
    }

    /// The account was closed, at a zero balance.
    public struct Closed: EventPayload, Equatable {
        /// The name stored with the event.
        public static let eventType = "Closed"
        /// The account was closed.
        public init() {}
    }

    /// The payload this event carries.
    public var payload: any EventPayload {
        switch self {
        case .opened(let payload): payload
        case .deposited(let payload): payload
        case .withdrawn(let payload): payload
        case .closed(let payload): payload
        }
    }

    /// The events' serializer: each payload type under its own name, at schema version 1.
    public static let serializer = EventSerializer<AccountEvent>(payload: \.payload)
        .registering(Opened.self, AccountEvent.opened)
        .registering(Deposited.self, AccountEvent.deposited)
        .registering(Withdrawn.self, AccountEvent.withdrawn)
        .registering(Closed.self, AccountEvent.closed)
}
