import EventSourcing

/// An owner's money movements per day (UTC), across all their accounts: a read model added after the fact and
/// back-filled from the global feed (`scripts/backfill`).
public struct OwnerDailyTotals: Codable, Equatable, Sendable {
    /// One day's movements.
    public struct Day: Codable, Equatable, Sendable {
        /// Cents deposited that day.
        public var deposited: Int64 = 0
        /// Cents withdrawn that day.
        public var withdrawn: Int64 = 0
        /// Events of the day: openings and closings included.
        public var events = 0

        /// A day with nothing yet.
        public init() {}
    }

    /// The owner whose movements these are.
    public var owner: String
    /// By day, `2026-11-27`.
    public var days: [String: Day]

    /// The totals of `owner`, with `days` (none by default).
    public init(owner: String, days: [String: Day] = [:]) {
        self.owner = owner
        self.days = days
    }
}

/// Folds every account of an owner into their daily totals, keyed by the owner of each account's first event.
/// The day is the event's own timestamp's, so a back-fill and the live projector agree.
public struct OwnerDailyTotalsProjection: Projection {
    /// The read model's name, stored with each document.
    public static let name = "owner-daily-totals"
    /// One document per owner, as `OwnerAccountsProjection` partitions: read from each account's `Opened` event.
    public let partition = OwnerAccountsProjection().partition

    /// The projection.
    public init() {}

    /// `document` after `event`: counts the event in its UTC day and adds a deposit or withdrawal to that day's
    /// totals; a first event other than `Opened` is an `AccountProjectionError`.
    public func apply(_ event: RecordedEvent<AccountEvent>, to document: OwnerDailyTotals?) throws -> OwnerDailyTotals {
        var totals: OwnerDailyTotals
        if let document {
            totals = document
        } else if case .opened(let opened) = event.event {
            totals = OwnerDailyTotals(owner: opened.owner)
        } else {
            throw AccountProjectionError.notOpenedFirst(event.streamID)
        }
        let day = String(ISO8601Text.milliseconds(Int64((event.metadata.timestamp.timeIntervalSince1970 * 1000).rounded())).prefix(10))
        var entry = totals.days[day] ?? OwnerDailyTotals.Day()
        entry.events += 1
        switch event.event {
        case .deposited(let deposited): entry.deposited += deposited.amount
        case .withdrawn(let withdrawn): entry.withdrawn += withdrawn.amount
        case .opened, .closed: break
        }
        totals.days[day] = entry
        return totals
    }
}
