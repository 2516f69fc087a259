import DynamoDB
import EventSourcing

/// What happens to an account, in the past tense.
public enum AccountEvent: Equatable, Sendable {
    case opened(Opened)
    case deposited(Deposited)
    case withdrawn(Withdrawn)
    case closed(Closed)

    public struct Opened: Codable, Equatable, Sendable {
        public var owner: String
        public init(owner: String) { self.owner = owner }
    }

    public struct Deposited: Codable, Equatable, Sendable {
        public var amount: Int64
        public init(amount: Int64) { self.amount = amount }
    }

    public struct Withdrawn: Codable, Equatable, Sendable {
        public var amount: Int64
        public init(amount: Int64) { self.amount = amount }
    }

    public struct Closed: Codable, Equatable, Sendable {
        public init() {}
    }

    /// The registered name, as stored and shown by the events route.
    public var typeName: String {
        switch self {
        case .opened: "Opened"
        case .deposited: "Deposited"
        case .withdrawn: "Withdrawn"
        case .closed: "Closed"
        }
    }

    /// The events' serializer: each type registered under its stable name, at schema version 1.
    public static let serializer: EventSerializer<AccountEvent> = {
        var serializer = EventSerializer<AccountEvent> { event in
            switch event {
            case .opened(let payload): ("Opened", try EventSerializer<AccountEvent>.payload(payload))
            case .deposited(let payload): ("Deposited", try EventSerializer<AccountEvent>.payload(payload))
            case .withdrawn(let payload): ("Withdrawn", try EventSerializer<AccountEvent>.payload(payload))
            case .closed(let payload): ("Closed", try EventSerializer<AccountEvent>.payload(payload))
            }
        }
        serializer.register(Opened.self, as: "Opened") { .opened($0) }
        serializer.register(Deposited.self, as: "Deposited") { .deposited($0) }
        serializer.register(Withdrawn.self, as: "Withdrawn") { .withdrawn($0) }
        serializer.register(Closed.self, as: "Closed") { .closed($0) }
        return serializer
    }()
}
