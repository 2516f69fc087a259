import EventSourcingDynamoDBClient
import EventSourcingLocalEnvironment
import EventSourcingLoopbackHTTP
import EventSourcingTestSupport
import Foundation
import Testing

/// A whole local environment (its own moto, both functions, the front, the poller) on free ports.
func startEnvironment(
    _ console: ConsoleCapture, port: UInt16 = 0, retries: Int = 2, products: URL = ChildFunction.productsDirectory
) async throws -> DevEnvironment {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var configuration = DevEnvironment.Configuration(
        settings: try #require(Moto.templateSettings), productsDirectory: products,
        motoScript: root.appendingPathComponent("scripts/lib/moto_serial.py"), deadLetterFile: temporaryFile("dead-letters"))
    configuration.port = port
    configuration.maximumRetryAttempts = retries
    configuration.retryDelay = .milliseconds(20)
    return try await DevEnvironment.start(configuration, log: console.log)
}

/// This process's children whose command line contains `text` and, when given, whose environment holds `variable`
/// (other suites run functions of their own at the same time).
func children(running text: String, environment variable: String? = nil) -> [Int32] {
    let me = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let parent = stat[stat.index(close, offsetBy: 2)...].split(separator: " ").dropFirst().first.flatMap({ Int32($0) }),
              parent == me,
              let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
        else { return false }
        guard let variable else { return command.contains(text) }
        let environment = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
        return command.contains(text) && environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == variable }
    }
}

@Suite("The local environment as scripts/dev runs it", .serialized, .enabled(if: Moto.templateSettings != nil, Moto.skipReason))
struct DevEnvironmentTests {
    @Test("a projector failure is retried from the failed record, then dead-lettered; later events are still projected")
    func projectorFailure() async throws {
        let console = ConsoleCapture()
        let environment = try await startEnvironment(console, retries: 2)
        let client = try LoopbackClient(port: environment.front.port)
        let owner: HTTPHeaders = ["X-Owner": "ann"]
        #expect(try await client.request("POST", "/accounts/acc-1/open", headers: owner, body: "{}")?.status == 201)
        #expect(try await client.request("POST", "/accounts/acc-1/deposit", headers: owner, body: #"{"amount": 100}"#)?.status == 200)
        // A poison record: it says it is an event and lacks what an event has; the projector reports it as failed.
        let dynamoDB = DynamoDBClient(configuration: DynamoDBConfiguration(
            region: "us-east-1", endpoint: environment.moto.endpoint, credentials: .init(accessKeyID: "AKIATEST", secretAccessKey: "test")))
        _ = try await dynamoDB.putItem(PutItemInput(tableName: "EventsTable", item: ["pk": .s("poison"), "sk": .n("1"), "kind": .s("event")]))
        #expect(try await client.request("POST", "/accounts/acc-1/deposit", headers: owner, body: #"{"amount": 50}"#)?.status == 200)

        let deadLetters = environment.configuration.deadLetterFile
        #expect(await eventually { ((try? DeadLetterFile.entries(at: deadLetters)) ?? []).count == 1 })
        let entry = try #require(try DeadLetterFile.entries(at: deadLetters).first)
        let poison = try #require(entry.records.first)
        #expect(poison.dynamodb.keys["pk"] == .s("poison"))
        #expect(entry.records.dropFirst().allSatisfy { $0.dynamodb.keys["pk"] != .s("poison") })
        #expect(entry.requestContext.condition == "RetryAttemptsExhausted" && entry.requestContext.approximateInvokeCount == 3)
        #expect(entry.responseContext.functionError == nil && entry.reason == "record \(poison.dynamodb.sequenceNumber) reported as failed")
        let sequence = poison.dynamodb.sequenceNumber
        #expect(console.lines.contains { $0.hasPrefix("[poller] StreamProjector failed from record \(sequence) (record \(sequence) reported as failed); retry 1 of 2") })
        #expect(console.lines.contains { $0.hasPrefix("[poller] StreamProjector failed from record \(sequence)") && $0.contains("retry 2 of 2") })

        // The poller went on: a later deposit is projected, and the one dead-lettered with the poison is read back
        // from the event store to fill the gap.
        // (Asked until fresh: under a full test run's load the poller's next pass can take longer than one
        // `minVersion` wait.)
        #expect(try await client.request("POST", "/accounts/acc-1/deposit", headers: owner, body: #"{"amount": 25}"#)?.status == 200)
        var summary: HTTPMessage?
        #expect(try await eventually {
            summary = try await client.request("GET", "/accounts/acc-1?minVersion=4", headers: owner)
            return summary?.status == 200 && summary?.headers["X-Projection-Stale"] == nil
        })
        #expect(summary?.json["balance"] as? Int == 175 && summary?.json["version"] as? Int == 4)

        await environment.stop()
        #expect(Self.everythingStopped(environment))
        #expect(await environment.waitForChildDeath() == nil)  // stopped, not killed: no [dev] line about a death
        #expect(!console.lines.contains { $0.hasSuffix("stopping everything") })
    }

    @Test("when moto dies, one [dev] line says so with its exit status, and everything stops: every child, every port")
    func motoDies() async throws {
        let console = ConsoleCapture()
        let environment = try await startEnvironment(console)
        kill(environment.moto.process.pid, SIGKILL)
        #expect(await environment.waitForChildDeath() == .childDied("moto (DynamoDB)", .signalled(SIGKILL)))
        #expect(console.lines.contains("[dev] moto (DynamoDB) has died: killed by signal 9 (SIGKILL); stopping everything"))
        await environment.stop()  // waits for the teardown the death began
        #expect(Self.everythingStopped(environment))
        #expect(console.lines.filter { $0.hasPrefix("[dev]") && $0.hasSuffix("stopping everything") }.count == 1)
    }

    @Test("when a function cannot be restarted, one [dev] line names it and how its last process ended, and everything stops")
    func functionCannotRestart() async throws {
        let products = FileManager.default.temporaryDirectory.appendingPathComponent("products-\(UUID().uuidString)")
        try startsOnlyOnce("StreamProjector", in: products)
        try FileManager.default.createSymbolicLink(
            at: products.appendingPathComponent("CommandFunction"), withDestinationURL: ChildFunction.productsDirectory.appendingPathComponent("CommandFunction"))
        let console = ConsoleCapture()
        let environment = try await startEnvironment(console, products: products)
        kill(try #require(environment.functions["StreamProjector"]).currentProcess.pid, SIGKILL)
        let death = await environment.waitForChildDeath()
        #expect(death == .functionCannotRestart("StreamProjector", "3 processes in a row ended before asking for work, the last one exited with status 3"))
        #expect(console.lines.contains(
            "[dev] StreamProjector cannot be restarted: 3 processes in a row ended before asking for work, the last one exited with status 3; stopping everything"))
        await environment.stop()
        #expect(Self.everythingStopped(environment))
        #expect(console.lines.filter { $0.hasPrefix("[dev]") && $0.hasSuffix("stopping everything") }.count == 1)
    }

    /// Every child has exited and every port is closed.
    private static func everythingStopped(_ environment: DevEnvironment) -> Bool {
        let ports = [environment.front.port] + environment.functions.values.map(\.runtimeAPI.port)
        return environment.moto.process.exitStatus != nil && children(running: "moto_serial.py").isEmpty
            && environment.functions.values.allSatisfy { !$0.currentProcess.isRunning }
            && ports.allSatisfy { (try? TCPSocket.connect(host: "127.0.0.1", port: $0)) == nil }
    }

    @Test("a start that fails (the port is taken) says why and leaves no process behind")
    func failedStart() async throws {
        let taken = try TCPListener(host: "127.0.0.1", port: 0)
        defer { taken.close() }
        let console = ConsoleCapture()
        await #expect {
            _ = try await startEnvironment(console, port: taken.port)
        } throws: { error in
            (error as? LocalEnvironmentError) == .portUnavailable(taken.port, "bind 127.0.0.1:\(taken.port) failed: Address already in use (errno 98)")
        }
        #expect(children(running: "moto_serial.py").isEmpty)
        // Only DevEnvironment gives its functions a version, as Lambda does.
        #expect(children(running: "Function", environment: "AWS_LAMBDA_FUNCTION_VERSION=$LATEST").isEmpty)
        #expect(children(running: "StreamProjector", environment: "AWS_LAMBDA_FUNCTION_VERSION=$LATEST").isEmpty)
    }
}

@Suite("The local environment refuses to start without what it needs, and says what to do")
struct DevEnvironmentPreconditionTests {
    private func configuration(settings: URL, products: URL) -> DevEnvironment.Configuration {
        DevEnvironment.Configuration(
            settings: settings, productsDirectory: products, motoScript: URL(fileURLWithPath: "/nonexistent/moto_serial.py"),
            deadLetterFile: temporaryFile("dead-letters"))
    }

    @Test("a missing settings file")
    func missingSettings() async throws {
        await #expect {
            _ = try await DevEnvironment.start(configuration(settings: URL(fileURLWithPath: "/nonexistent/settings.json"), products: ChildFunction.productsDirectory))
        } throws: { error in
            "\(error)".hasPrefix("template settings: cannot read /nonexistent/settings.json")
        }
    }

    @Test("functions that are not built", .enabled(if: Moto.templateSettings != nil, Moto.skipReason))
    func notBuilt() async throws {
        let settings = try #require(Moto.templateSettings)
        await #expect {
            _ = try await DevEnvironment.start(configuration(settings: settings, products: URL(fileURLWithPath: "/nonexistent")))
        } throws: { error in
            (error as? LocalEnvironmentError) == .notBuilt("/nonexistent/CommandFunction")
                && "\(error)" == "/nonexistent/CommandFunction is not built: run `swift build` (scripts/dev does)"
        }
    }
}
