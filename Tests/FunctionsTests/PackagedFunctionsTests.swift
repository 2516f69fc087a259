import EventSourcingTestSupport
import Foundation
import Testing

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
    @Test("the end-to-end scenario with the zipped bootstraps: commands, the stream batch, the read models back")
    func zippedFunctions() async throws {
        let bootstraps = try ["CommandFunction", "StreamProjector"].reduce(into: [String: URL]()) { $0[$1] = try PackagedFunctions.bootstrap($1) }
        defer {
            for bootstrap in bootstraps.values { try? FileManager.default.removeItem(at: bootstrap.deletingLastPathComponent()) }
        }
        try await EndToEndTests.scenario { function, environment in
            // Every symbol bound at load, not at first call: a reference this system's libraries cannot satisfy (a curl
            // function, hypot@GLIBC_2.2.5) stops the process at once.
            try ChildFunction(executable: try #require(bootstraps[function]), environment: environment.merging(["LD_BIND_NOW": "1"]) { $1 })
        }
    }
}
