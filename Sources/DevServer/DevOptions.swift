import EventSourcingLocalEnvironment
import Foundation

/// DevServer's command line.
struct DevOptions {
    static let usage = """
        usage: scripts/dev [--port N] [--log-format Text|JSON] [--log-level LEVEL] [--verbose-moto] [--stream-retries N]

          --port N             the HTTP front's port on 127.0.0.1 (default 3000; 0 picks a free one)
          --log-format F       the functions' AWS_LAMBDA_LOG_FORMAT (default Text)
          --log-level L        the functions' AWS_LAMBDA_LOG_LEVEL: TRACE … FATAL (default INFO)
          --verbose-moto       log every DynamoDB request moto serves
          --stream-retries N   the stream poller's MaximumRetryAttempts (default: template.yaml's)
          --dead-letters PATH  where discarded stream batches go (default .dev/dead-letters.jsonl)
        scripts/dev passes --settings, --products and --moto-script itself.
        """

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    var configuration: DevEnvironment.Configuration
    var help = false

    init(_ arguments: ArraySlice<String>) throws(Invalid) {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var remaining = arguments
        while let argument = remaining.popFirst() {
            switch argument {
            case "--help", "-h", "--verbose-moto":
                flags.insert(argument)
            case "--port", "--log-format", "--log-level", "--stream-retries", "--dead-letters", "--settings", "--products", "--moto-script":
                guard let value = remaining.popFirst() else { throw Invalid(description: "\(argument) needs a value") }
                values[argument] = value
            default:
                throw Invalid(description: "unknown argument \(argument)")
            }
        }
        help = flags.contains("--help") || flags.contains("-h")
        func path(_ name: String, _ fallback: String) -> URL { URL(fileURLWithPath: values[name] ?? fallback) }
        configuration = DevEnvironment.Configuration(
            settings: path("--settings", ".dev/template-settings.json"), productsDirectory: path("--products", ".build/debug"),
            motoScript: path("--moto-script", "scripts/lib/moto_serial.py"), deadLetterFile: path("--dead-letters", ".dev/dead-letters.jsonl"))
        if let port = values["--port"] {
            guard let number = UInt16(port) else { throw Invalid(description: "--port must be a number from 0 to 65535, not \(port)") }
            configuration.port = number
        }
        if let format = values["--log-format"] {
            guard ["Text", "JSON"].contains(format) else { throw Invalid(description: "--log-format must be Text or JSON, not \(format)") }
            configuration.logFormat = format
        }
        if let level = values["--log-level"] {
            guard ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"].contains(level.uppercased()) else {
                throw Invalid(description: "--log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, not \(level)")
            }
            configuration.logLevel = level.uppercased()
        }
        if let retries = values["--stream-retries"] {
            guard let number = Int(retries), number >= 0 else { throw Invalid(description: "--stream-retries must be a number ≥ 0, not \(retries)") }
            configuration.maximumRetryAttempts = number
        }
        configuration.verboseMoto = flags.contains("--verbose-moto")
    }
}
