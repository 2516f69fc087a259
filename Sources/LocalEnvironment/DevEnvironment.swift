import EventSourcingDynamoDBClient
import EventSourcingLoopbackHTTP
import Foundation
import Synchronization

/// The whole system on loopback, as `template.yaml` deploys it: DynamoDB (moto) with the template's tables, each
/// function a child process under a Runtime API of its own, the HTTP front for the HTTP API's routes, and a stream
/// poller for each stream mapping. `start` brings it up in that order; `stop` takes it down in the reverse order
/// and returns once every child process has exited and every port is closed.
///
/// A running environment without moto, or with a function its host gave up on, would only answer errors: when
/// either happens, it says so in one `[dev]` line and takes itself down as `stop` does (`waitForChildDeath`).
public final class DevEnvironment: Sendable {
    /// What to start and how: the settings, where the executables and the moto script are, and overrides for tests.
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
        /// `AWS_LAMBDA_LOG_FORMAT` for the functions (`Text` when nil).
        public var logFormat: String?
        /// `AWS_LAMBDA_LOG_LEVEL` for the functions (`INFO` when nil).
        public var logLevel: String?
        /// moto's line per request (off: errors only).
        public var verboseMoto = false
        /// Overrides the stream mappings' `MaximumRetryAttempts` (tests use a small bound).
        public var maximumRetryAttempts: Int?
        /// Overrides the pollers' first retry delay.
        public var retryDelay: Duration?

        /// A configuration with these files and the defaults for everything else.
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

    /// What it was started with.
    public let configuration: Configuration
    /// The console every component writes to.
    public let log: ConsoleLog
    /// The DynamoDB stand-in, holding the template's tables.
    public let moto: MotoServer
    /// Each function's host, by name.
    public let functions: [String: FunctionHost]
    /// The HTTP front serving the API's routes.
    public let front: HTTPFront
    /// One poller for each stream mapping.
    public let pollers: [StreamPoller]
    /// What was read from `template.yaml`.
    public let settings: TemplateSettings

    private struct Ending {
        /// The one teardown, whoever began it.
        var teardown: Task<Void, Never>?
        /// The death that began it; nil when `stop` did.
        var death: LocalEnvironmentError?
        var waiters: [CheckedContinuation<LocalEnvironmentError?, Never>] = []
    }

    private let ending = Mutex(Ending())

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
        let environment = DevEnvironment(
            configuration: configuration, log: log, moto: moto, functions: functions, front: front!, pollers: pollers, settings: settings)
        DetachedThread.start { environment.watchChildren() }
        return environment
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

    /// Takes everything down: pollers, the front, the functions, moto (or waits until a teardown already begun ends).
    public func stop() async {
        await beginTearDown(because: nil).value
    }

    /// Waits until a child the environment cannot do without dies (moto, or a function its host gave up on), which
    /// stops the environment, and returns why; nil when `stop` came first.
    public func waitForChildDeath() async -> LocalEnvironmentError? {
        await withCheckedContinuation { waiter in
            let ended = ending.withLock { ending in
                guard ending.teardown != nil else {
                    ending.waiters.append(waiter)
                    return false
                }
                return true
            }
            if ended { waiter.resume(returning: ending.withLock { $0.death }) }
        }
    }

    /// moto's end is seen at once; a function given up on within a tenth of a second.
    private func watchChildren() {
        let hosts = functions.sorted { $0.key < $1.key }.map(\.value)
        while ending.withLock({ $0.teardown == nil }) {
            if let ended = moto.process.wait(timeout: 0.1) {
                beginTearDown(because: .childDied("moto (DynamoDB)", ended))
            } else if let failure = hosts.lazy.compactMap(\.failure).first {
                beginTearDown(because: failure)
            }
        }
    }

    /// Starts the one teardown (only the first caller's reason counts) and returns it.
    @discardableResult
    private func beginTearDown(because death: LocalEnvironmentError?) -> Task<Void, Never> {
        let (teardown, waiters) = ending.withLock { ending in
            if let teardown = ending.teardown { return (teardown, [CheckedContinuation<LocalEnvironmentError?, Never>]()) }
            // Said before the teardown starts, so that this line comes before what the children say as they stop.
            if let death { log.write("dev", "\(death); stopping everything") }
            ending.death = death
            let teardown = Task { [pollers, front, functions, moto] in
                await Self.tearDown(pollers: pollers, front: front, functions: functions, moto: moto)
            }
            ending.teardown = teardown
            defer { ending.waiters = [] }
            return (teardown, ending.waiters)
        }
        for waiter in waiters { waiter.resume(returning: death) }
        return teardown
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
