import Foundation
import LambdaEvents
import LocalRuntimeAPI
import Testing
import TestSupport

/// The zips `scripts/package` made: `scripts/test` names their folder in `PACKAGED_FUNCTIONS_DIR` once it has packaged.
enum PackagedFunctions {
    static var directory: URL? {
        ProcessInfo.processInfo.environment["PACKAGED_FUNCTIONS_DIR"].map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    static var available: Bool { directory != nil && Moto.endpoint != nil && Moto.templateSettings != nil }

    /// The `bootstrap` in `<function>.zip`, unzipped into a folder of its own (`unzip`, as Lambda unpacks it).
    static func bootstrap(_ function: String) throws -> URL {
        let zip = try #require(directory).appendingPathComponent("\(function).zip")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packaged-\(function)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-q", zip.path, "-d", folder.path]
        try unzip.run()
        unzip.waitUntilExit()
        try #require(unzip.terminationStatus == 0, "unzip \(zip.path) exited \(unzip.terminationStatus)")
        return folder.appendingPathComponent("bootstrap")
    }
}

@Suite(
    "The zipped bootstraps from dist/, as Lambda would run them: under a local Runtime API, DynamoDB on moto",
    .enabled(if: PackagedFunctions.available, "needs PACKAGED_FUNCTIONS_DIR and moto: run scripts/test, which packages first")
)
struct PackagedFunctionsTests {
    @Test("commands through the zipped CommandFunction, a stream batch through the zipped StreamProjector, the read models back")
    func zippedFunctions() async throws {
        let deployment = try await Deployment()
        let commandBootstrap = try PackagedFunctions.bootstrap("CommandFunction")
        let projectorBootstrap = try PackagedFunctions.bootstrap("StreamProjector")
        defer {
            for bootstrap in [commandBootstrap, projectorBootstrap] {
                try? FileManager.default.removeItem(at: bootstrap.deletingLastPathComponent())
            }
        }
        // Every symbol bound at load, not at first call: a reference this system's libraries cannot satisfy (a curl
        // function, hypot@GLIBC_2.2.5) stops the process at once.
        let bindNow = ["LD_BIND_NOW": "1"]
        let api = try RuntimeAPIServer(.init(functionName: "CommandFunction"))
        let command = try ChildFunction(executable: commandBootstrap, environment: deployment.environment(api, bindNow))
        defer { command.terminate() }

        let opened = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/zip-1/open", body: "{}")))
        #expect(opened.statusCode == 201 && opened.headers?["ETag"] == "\"1\"")
        let deposit = Deployment.httpAPI("POST", "/accounts/zip-1/deposit", body: #"{"amount": 500}"#, headers: ["Idempotency-Key": "zip-d-1"])
        let deposited = try response(await api.invoke(deposit))
        #expect(deposited.statusCode == 200 && object(deposited)["version"] as? Int == 2)
        let replay = try response(await api.invoke(deposit))
        #expect(replay.headers?["Idempotent-Replayed"] == "true" && replay.body == deposited.body)
        let withdrawn = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/zip-1/withdraw", body: #"{"amount": 120}"#)))
        #expect(withdrawn.statusCode == 200 && withdrawn.headers?["ETag"] == "\"3\"")
        let overdrawn = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/zip-1/withdraw", body: #"{"amount": 10000}"#)))
        #expect(overdrawn.statusCode == 422 && (object(overdrawn)["error"] as? [String: String])?["code"] == "insufficient_funds")
        let events = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/zip-1/events")))
        #expect((object(events)["events"] as? [[String: Any]])?.map { $0["type"] as? String } == ["Opened", "Deposited", "Withdrawn"])

        let projectorAPI = try RuntimeAPIServer(.init(functionName: "StreamProjector"))
        let projector = try ChildFunction(executable: projectorBootstrap, environment: deployment.environment(projectorAPI, bindNow))
        defer { projector.terminate() }
        let result = await projectorAPI.invoke(try await deployment.streamEvent())
        let answer = try JSONDecoder().decode(DynamoDBBatchResponse.self, from: Data(try #require(result.responseBody, "\(result)")))
        #expect(answer.batchItemFailures.isEmpty)

        let summary = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts/zip-1", query: "minVersion=3")))
        #expect(summary.statusCode == 200 && summary.headers?["X-Projection-Stale"] == nil)
        #expect(object(summary)["balance"] as? Int == 380 && object(summary)["version"] as? Int == 3)
        let list = try response(await api.invoke(Deployment.httpAPI("GET", "/accounts")))
        #expect(object(list)["totalBalance"] as? Int == 380)

        command.terminate()
        projector.terminate()
        for output in [command.stderr, projector.stderr] {
            #expect(!output.contains(Deployment.secret))
        }
    }
}
