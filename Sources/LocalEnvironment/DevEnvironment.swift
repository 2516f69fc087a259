import AWSSigning
import DynamoDBClient
import Foundation

/// The whole system on loopback, as `template.yaml` deploys it: DynamoDB (moto) with the template's tables, each
/// function a child process under a Runtime API of its own, the HTTP front for the HTTP API's routes, and a stream
/// poller for each stream mapping. `start` brings it up in that order; `stop` takes it down in the reverse order
/// and returns once every child process has exited and every port is closed.
public final class DevEnvironment: Sendable {
    public struct Configuration: Sendable {
        /// The HTTP front's port (0 picks a free one).
        public var port: UInt16 = 3000
        /// What `scripts/lib/template_settings.py` printed for `template.yaml`.
        public var settings: URL
        /// The directory holding the built `CommandFunction` and `StreamProjector` executables.
        public var productsDirectory: URL
        /// `scripts/lib/moto_serial.py`.
        public var motoScript: URL
        /// Where discarded stream batches go.
        public var deadLetterFile: URL
        /// `AWS_LAMBDA_LOG_FORMAT` and `AWS_LAMBDA_LOG_LEVEL` for the functions (`Text`, `INFO` when nil).
        public var logFormat: String?
        public var logLevel: String?
        /// moto's line per request (off: errors only).
        public var verboseMoto = false
        /// Overrides the stream mappings' `MaximumRetryAttempts` (tests use a small bound).
        public var maximumRetryAttempts: Int?
        /// Overrides the pollers' first retry delay.
        public var retryDelay: Duration?

        public init(settings: URL, productsDirectory: URL, motoScript: URL, deadLetterFile: URL) {
            self.settings = settings
            self.productsDirectory = productsDirectory
            self.motoScript = motoScript
            self.deadLetterFile = deadLetterFile
        }
    }

    /// Region and credentials the functions use against moto (which does not check them).
    static let region = "us-east-1"
    static let credentials = AWSCredentials(accessKeyID: "AKIALOCALDEVELOPMENT", secretAccessKey: "local-development-secret")

    public let configuration: Configuration
    public let log: ConsoleLog
    public let moto: MotoServer
    public let functions: [String: FunctionHost]
    public let front: HTTPFront
    public let pollers: [StreamPoller]
    public let settings: TemplateSettings

    /// Brings everything up; on failure, stops what had started and throws.
    public static func start(_ configuration: Configuration, log: ConsoleLog = ConsoleLog()) async throws -> DevEnvironment {
        let settings = try TemplateSettings(contentsOf: configuration.settings)
        for name in settings.functions.keys.sorted() {
            let path = configuration.productsDirectory.appendingPathComponent(name).path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw LocalEnvironmentError.notBuilt(path)
            }
        }
        let moto = try MotoServer(script: configuration.motoScript.path, log: log, quiet: !configuration.verboseMoto)
        var functions: [String: FunctionHost] = [:]
        var front: HTTPFront?
        var pollers: [StreamPoller] = []
        do {
            let client = DynamoDBClient(configuration: DynamoDBConfiguration(region: region, endpoint: moto.endpoint, credentials: credentials))
            for (name, table) in settings.tables.sorted(by: { $0.key < $1.key }) {
                try await client.createTable(name, as: table)
            }
            log.write("dev", "DynamoDB (moto) on \(moto.endpoint.absoluteString) with tables \(settings.tables.keys.sorted().joined(separator: ", "))")
            for (name, function) in settings.functions.sorted(by: { $0.key < $1.key }) {
                functions[name] = try FunctionHost(
                    name: name, executable: configuration.productsDirectory.appendingPathComponent(name).path,
                    environment: environment(for: name, function, dynamoDB: moto.endpoint, configuration), timeout: .seconds(function.timeout), log: log)
            }
            front = try HTTPFront(port: configuration.port, routes: RouteTable(settings.routes), functions: functions, log: log)
            let deadLetters = try DeadLetterFile(url: configuration.deadLetterFile)
            for var mapping in settings.streams {
                guard let target = functions[mapping.function] else { throw LocalEnvironmentError.settings("stream mapping for unknown function \(mapping.function)") }
                guard let arn = try await client.describeTable(mapping.table).latestStreamArn else {
                    throw LocalEnvironmentError.settings("table \(mapping.table) has no stream")
                }
                if let retries = configuration.maximumRetryAttempts { mapping.maximumRetryAttempts = retries }
                var pollerConfiguration = StreamPoller.Configuration(mapping: mapping)
                if let delay = configuration.retryDelay { pollerConfiguration.retryDelay = delay }
                let poller = StreamPoller(configuration: pollerConfiguration, streamARN: arn, client: client, target: target, deadLetters: deadLetters, log: log)
                poller.start()
                pollers.append(poller)
            }
        } catch {
            await tearDown(pollers: pollers, front: front, functions: functions, moto: moto)
            throw error
        }
        return DevEnvironment(configuration: configuration, log: log, moto: moto, functions: functions, front: front!, pollers: pollers, settings: settings)
    }

    private init(
        configuration: Configuration, log: ConsoleLog, moto: MotoServer, functions: [String: FunctionHost], front: HTTPFront,
        pollers: [StreamPoller], settings: TemplateSettings
    ) {
        self.configuration = configuration
        self.log = log
        self.moto = moto
        self.functions = functions
        self.front = front
        self.pollers = pollers
        self.settings = settings
    }

    /// The front's URL, `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(front.port)" }

    /// Takes everything down: pollers, the front, the functions, moto.
    public func stop() async {
        await Self.tearDown(pollers: pollers, front: front, functions: functions, moto: moto)
    }

    /// Stops what has started, in the reverse order of starting (also after a start that failed half-way).
    private static func tearDown(pollers: [StreamPoller], front: HTTPFront?, functions: [String: FunctionHost], moto: MotoServer) async {
        for poller in pollers { await poller.stop() }
        front?.stop()
        for function in functions.values { function.stop() }
        moto.stop()
    }

    /// A function's environment: the template's variables, `AUTH_MODE=none`, moto's endpoint, and what Lambda sets.
    static func environment(
        for name: String, _ function: TemplateSettings.Function, dynamoDB endpoint: URL, _ configuration: Configuration
    ) -> [String: String] {
        function.environment.merging([
            "AUTH_MODE": "none",
            "AWS_REGION": region, "AWS_DEFAULT_REGION": region,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint.absoluteString,
            "AWS_LAMBDA_FUNCTION_NAME": name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(function.memorySize),
            "AWS_LAMBDA_LOG_FORMAT": configuration.logFormat ?? "Text", "AWS_LAMBDA_LOG_LEVEL": configuration.logLevel ?? "INFO",
            "TZ": ":UTC", "PATH": "/usr/local/bin:/usr/bin:/bin",
        ]) { $1 }
    }
}
