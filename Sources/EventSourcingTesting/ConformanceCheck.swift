/// One rule of a contract, checked against a fresh store made for it.
///
/// Run every check of a suite from your own tests, so that each is reported by name:
///
/// ```swift
/// @Test(arguments: EventStoreConformance.checks)
/// func conformance(_ check: ConformanceCheck<any EventStore>) async throws {
///     try await check.run { try await MyPostgresEventStore.fresh() }
/// }
/// ```
public struct ConformanceCheck<Store: Sendable>: Sendable, CustomStringConvertible {
    /// What the rule says, as a sentence.
    public let name: String
    private let body: @Sendable (@Sendable () async throws -> Store) async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (@Sendable () async throws -> Store) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Checks the rule; `makeStore` gives a new, empty store each time it is called. Throws `ConformanceFailure`
    /// saying what was expected and what happened, or the store's own error.
    public func run(_ makeStore: @escaping @Sendable () async throws -> Store) async throws {
        try await body(makeStore)
    }

    /// The rule's name.
    public var description: String { name }
}

/// A rule a store broke: what was expected, and what happened.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What was expected, and what happened.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Throws a `ConformanceFailure` with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(ConformanceFailure) {
    guard condition else { throw ConformanceFailure(message()) }
}

/// Runs `body` and requires that it throws an error `matches` accepts.
func expectError<E: Error>(
    _ what: String, matching matches: (E) -> Bool, _ body: () async throws(E) -> Void
) async throws(ConformanceFailure) {
    do {
        try await body()
    } catch {
        guard matches(error) else { throw ConformanceFailure("\(what): got the wrong error \(error)") }
        return
    }
    throw ConformanceFailure("\(what): expected an error, got none")
}

/// Throws a `ConformanceFailure` naming `what`, the expected and the actual value, unless they are equal.
func expectEqual<Value: Equatable>(_ actual: Value, _ expected: Value, _ what: String) throws(ConformanceFailure) {
    guard actual == expected else { throw ConformanceFailure("\(what): expected \(expected), got \(actual)") }
}
