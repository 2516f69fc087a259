#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The environment variables a function is configured with.
///
/// `LambdaEnvironment.process` reads the process environment; tests pass a dictionary instead.
public struct LambdaEnvironment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The environment of this process.
    public static var process: LambdaEnvironment {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return LambdaEnvironment(variables)
    }

    /// The value of `name`, or nil when unset or empty.
    public subscript(name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// The value of `name`; throws `ConfigurationError.missing` when it is unset or empty.
    public func required(_ name: String) throws(ConfigurationError) -> String {
        guard let value = self[name] else { throw .missing(name) }
        return value
    }
}
