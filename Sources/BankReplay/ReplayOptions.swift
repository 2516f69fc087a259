import EventSourcing
import EventSourcingBankDomain
import EventSourcingDynamoDB
import Foundation

/// BankReplay's command line: `rebuild` (scripts/rebuild) or `backfill` (scripts/backfill), then options.
struct ReplayOptions {
    static let usage = """
        usage: scripts/rebuild --read-model NAME [--segments N] [--page-size N] [--budget RCU] [--no-switch] [--settle S]
               scripts/rebuild --read-model NAME (--status | --switch-to N | --retire N)
               scripts/backfill [--read-model NAME] [--seed-feed] [--follow] [--page-size N] [--budget RCU]
          both take: [--endpoint URL] [--region R] [--events-table T] [--projections-table T] [--feed-table T]

          --read-model NAME     account-summary, owner-accounts or owner-daily-totals (backfill: owner-daily-totals)
          --segments N          rebuild: parallel scan segments (default 4; a rebuild already begun keeps its own)
          --page-size N         rebuild: items per scan page (default 1000); backfill: events per feed page (default 100)
          --budget RCU          read capacity units per second, at most (default: no limit)
          --no-switch           rebuild: leave readers on the current generation (switch later with --switch-to)
          --settle S            rebuild: seconds to wait once the new generation is written, before reading (default 6:
                                the functions cache a read model's generations for 5 s)
          --status              show the read model's generations and its rebuild's progress
          --switch-to N         make generation N the one read (a rollback is a switch back)
          --retire N            stop writing generation N (abandons its rebuild if it is one's target)
          --seed-feed           backfill: first index into the feed every event it lacks, by a scan of the events table
          --follow              backfill: once caught up, keep following the feed until interrupted
          --endpoint URL        DynamoDB's endpoint (default https://dynamodb.REGION.amazonaws.com)
          --region R            the region (default $AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1)
          --events-table T, --projections-table T, --feed-table T
                                the tables (default EventsTable, ProjectionsTable, FeedTable: scripts/dev's names)
        Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; with an endpoint on
        127.0.0.1 and none set, local ones are used (moto does not check them).
        """

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    enum Command: String {
        case rebuild, backfill
    }

    enum Action: Equatable {
        case run, status, switchTo(Int), retire(Int)
    }

    var command: Command
    var help = false
    var action = Action.run
    var readModel: String
    var endpoint: URL
    var region: String
    var eventsTable = "EventsTable"
    var projectionsTable = "ProjectionsTable"
    var feedTable = "FeedTable"
    var segments = 4
    var pageSize: Int
    var budget: Double?
    var switchAfter = true
    var settle = ReadModelGenerations.defaultMaximumStaleness + .seconds(1)
    var seedFeed = false
    var follow = false

    /// The read models the bank has, by name.
    static let projections: [String: any Projection<AccountEvent>] = [
        AccountSummaryProjection.name: AccountSummaryProjection(), OwnerAccountsProjection.name: OwnerAccountsProjection(),
        OwnerDailyTotalsProjection.name: OwnerDailyTotalsProjection(),
    ]

    init(_ arguments: ArraySlice<String>, environment: [String: String]) throws(Invalid) {
        var remaining = arguments
        guard let first = remaining.popFirst(), let command = Command(rawValue: first) else {
            throw Invalid(description: "the first argument is rebuild or backfill")
        }
        self.command = command
        help = remaining.contains("--help") || remaining.contains("-h")
        if help { remaining = [] }
        var values: [String: String] = [:]
        var flags: Set<String> = []
        let takesValue: Set<String> = [
            "--read-model", "--segments", "--page-size", "--budget", "--settle", "--switch-to", "--retire", "--endpoint", "--region",
            "--events-table", "--projections-table", "--feed-table",
        ]
        let known: [Command: Set<String>] = [
            .rebuild: ["--read-model", "--segments", "--page-size", "--budget", "--settle", "--switch-to", "--retire", "--status", "--no-switch"],
            .backfill: ["--read-model", "--page-size", "--budget", "--seed-feed", "--follow"],
        ]
        let common: Set<String> = ["--endpoint", "--region", "--events-table", "--projections-table", "--feed-table"]
        while let argument = remaining.popFirst() {
            guard known[command]!.contains(argument) || common.contains(argument) else {
                throw Invalid(description: "\(command.rawValue) takes no option \(argument)")
            }
            if takesValue.contains(argument) {
                guard let value = remaining.popFirst() else { throw Invalid(description: "\(argument) needs a value") }
                guard values[argument] == nil else { throw Invalid(description: "\(argument) is given twice") }
                values[argument] = value
            } else {
                flags.insert(argument)
            }
        }
        func number(_ name: String, _ range: ClosedRange<Int>) throws(Invalid) -> Int? {
            guard let text = values[name] else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw Invalid(description: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text)")
            }
            return value
        }

        readModel = values["--read-model"] ?? (command == .backfill ? OwnerDailyTotalsProjection.name : "")
        guard help || Self.projections[readModel] != nil else {
            throw Invalid(description: readModel.isEmpty
                ? "--read-model is required: \(Self.projections.keys.sorted().joined(separator: ", "))"
                : "no read model \(readModel): \(Self.projections.keys.sorted().joined(separator: ", "))")
        }
        region = values["--region"] ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        if let text = values["--endpoint"] {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw Invalid(description: "--endpoint must be an http or https URL, not \(text)")
            }
            endpoint = url
        } else {
            guard let url = DynamoDBConfiguration.endpoint(forRegion: region) else { throw Invalid(description: "--region must be a region name, not \(region)") }
            endpoint = url
        }
        eventsTable = values["--events-table"] ?? eventsTable
        projectionsTable = values["--projections-table"] ?? projectionsTable
        feedTable = values["--feed-table"] ?? feedTable
        segments = try number("--segments", 1...1_000) ?? segments
        pageSize = try number("--page-size", 1...1_000) ?? (command == .rebuild ? 1_000 : 100)
        if let text = values["--budget"] {
            guard let value = Double(text), value > 0, value.isFinite else { throw Invalid(description: "--budget must be a number of read units per second above 0, not \(text)") }
            budget = value
        }
        if let seconds = try number("--settle", 0...3_600) { settle = .seconds(seconds) }
        let actions = [flags.contains("--status") ? Action.status : nil, try number("--switch-to", 1...1_000_000).map(Action.switchTo),
                       try number("--retire", 1...1_000_000).map(Action.retire)].compactMap { $0 }
        guard actions.count <= 1 else { throw Invalid(description: "--status, --switch-to and --retire go alone") }
        action = actions.first ?? .run
        switchAfter = !flags.contains("--no-switch")
        seedFeed = flags.contains("--seed-feed")
        follow = flags.contains("--follow")
    }
}
