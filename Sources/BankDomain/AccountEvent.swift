import EventSourcing

/// What happens to an account, in the past tense. Each payload names itself once (`eventType`).
public enum AccountEvent: Equatable, Sendable {
    case opened(Opened)
    case deposited(Deposited)
    case withdrawn(Withdrawn)
    case closed(Closed)

    /// The account was opened by its owner.
    public struct Opened: EventPayload, Equatable {
        public static let eventType = "Opened"
        public var owner: String
        public init(owner: String) { self.owner = owner }
    }

    /// Money came in.
    public struct Deposited: EventPayload, Equatable {
        public static let eventType = "Deposited"
        public var amount: Int64
        public init(amount: Int64) { self.amount = amount }
    }

    /// Money went out.
    public struct Withdrawn: EventPayload, Equatable {
        public static let eventType = "Withdrawn"
        public var amount: Int64
        public init(amount: Int64) { self.amount = amount }
    }

    /// The account was closed, at a zero balance.
    public struct Closed: EventPayload, Equatable {
        public static let eventType = "Closed"
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
