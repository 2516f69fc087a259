#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The environment variables a function is configured with.
///
/// `LambdaEnvironment.process` reads the process environment; tests pass a dictionary instead.
public struct LambdaEnvironment: Sendable {
    /// Where values come from. The process environment is read one variable at a time, when asked: building a
    /// dictionary of it at start-up cost more than half of a cold start's instructions (the dictionary type's
    /// metadata and its `Hashable` conformance are looked up at run time, and every variable is copied).
    private enum Source: Sendable {
        case process
        case fixed([String: String])
    }

    private var source: Source

    /// An environment of `variables` alone (tests, or a function configured in code).
    public init(_ variables: [String: String]) {
        source = .fixed(variables)
    }

    /// The environment of this process, read when a variable is asked for.
    public static var process: LambdaEnvironment {
        LambdaEnvironment(source: .process)
    }

    private init(source: Source) {
        self.source = source
    }

    /// Every variable and its value (for the process environment, as they are now); setting it replaces them all.
    public var variables: [String: String] {
        get {
            guard case .fixed(let variables) = source else { return Self.processVariables() }
            return variables
        }
        set { source = .fixed(newValue) }
    }

    /// The value of `name`, or nil when unset or empty.
    public subscript(name: String) -> String? {
        let value: String?
        switch source {
        case .process: value = getenv(name).map { String(cString: $0) }
        case .fixed(let variables): value = variables[name]
        }
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// The value of `name`; throws `ConfigurationError.missing` when it is unset or empty.
    public func required(_ name: String) throws(ConfigurationError) -> String {
        guard let value = self[name] else { throw .missing(name) }
        return value
    }

    private static func processVariables() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }
}
