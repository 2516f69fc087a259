import Foundation

/// The benchmark's command line.
struct BenchmarkOptions {
    var runtimes: [(name: String, command: [String])] = []
    var binaries: [String: String] = [:]
    var environment = [
        "AWS_LAMBDA_FUNCTION_NAME": "echo", "AWS_REGION": "us-east-1",
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
    ]
    var invocations = 2000
    var coldStarts = 20
    var idleSeconds = 3.0

    init(_ arguments: ArraySlice<String>) throws {
        var arguments = arguments
        func value(_ flag: String) throws -> String {
            guard let next = arguments.popFirst() else { throw BenchmarkError("\(flag) needs a value") }
            return next
        }
        func pair(_ flag: String) throws -> (String, String) {
            let parts = try value(flag).split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw BenchmarkError("\(flag) takes NAME=VALUE") }
            return (parts[0], parts[1])
        }
        func number(_ flag: String) throws -> Double {
            guard let number = Double(try value(flag)), number > 0 else { throw BenchmarkError("\(flag) takes a positive number") }
            return number
        }
        while let flag = arguments.popFirst() {
            switch flag {
            case "--runtime":
                let (name, command) = try pair(flag)
                runtimes.append((name, command.split(separator: " ").map(String.init)))
            case "--binary":
                let (name, path) = try pair(flag)
                binaries[name] = path
            case "--env":
                let (key, text) = try pair(flag)
                environment[key] = text
            case "--invocations": invocations = Int(try number(flag))
            case "--cold-starts": coldStarts = Int(try number(flag))
            case "--idle-seconds": idleSeconds = try number(flag)
            default: throw BenchmarkError("unknown option \(flag)")
            }
        }
        guard !runtimes.isEmpty else { throw BenchmarkError("name at least one --runtime") }
    }
}
